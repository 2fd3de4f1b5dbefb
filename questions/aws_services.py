"""Canonical AWS service names for tagging questions, so one service is never two tags."""

CANONICAL_SERVICES = (
    "ACM", "API Gateway", "AppConfig", "Athena", "Aurora", "AWS Backup", "AWS Health",
    "CDK", "CloudFormation", "CloudFront", "CloudTrail", "CloudWatch", "CodeArtifact",
    "CodeBuild", "CodeCommit", "CodeDeploy", "CodeGuru", "CodePipeline", "Config",
    "Control Tower", "Detective", "DynamoDB", "EBS", "EC2", "EC2 Auto Scaling",
    "EC2 Image Builder", "ECR", "ECS", "EFS", "EKS", "Elastic Beanstalk",
    "Elastic Disaster Recovery", "ElastiCache", "ELB", "EventBridge", "Fargate",
    "Firewall Manager", "Data Firehose", "GuardDuty", "IAM", "IAM Access Analyzer",
    "IAM Identity Center", "Inspector", "Kinesis Data Streams", "KMS", "Lambda", "Macie",
    "Network Firewall", "OpenSearch Service", "Organizations", "RAM", "RDS", "Route 53",
    "Route 53 ARC", "S3", "SAM", "Secrets Manager", "Security Hub", "Service Catalog",
    "Shield", "SNS", "SQS", "Step Functions", "Systems Manager", "Trusted Advisor", "VPC",
    "WAF", "X-Ray",
)
