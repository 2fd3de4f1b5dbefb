"""Create the DOP-C02 exam guide: its six domains, weights and task statements.

Facts from the public exam guide (see shared/exam/dop-c02.md). Other guides are added in the
admin without code. Reversing removes the guide only if it has no questions.
"""

from django.db import migrations

GUIDE = {
    "code": "DOP-C02",
    "name": "AWS Certified DevOps Engineer – Professional",
    "exam_questions": 75,
    "exam_minutes": 180,
}

DOMAINS = [
    (1, "SDLC Automation", 22, [
        ("1.1", "Implement CI/CD pipelines"),
        ("1.2", "Integrate automated testing into CI/CD pipelines"),
        ("1.3", "Build and manage artifacts"),
        ("1.4", "Implement deployment strategies for instance, container, and serverless "
                "environments"),
    ]),
    (2, "Configuration Management and IaC", 17, [
        ("2.1", "Define cloud infrastructure and reusable components to provision and manage "
                "systems throughout their lifecycle"),
        ("2.2", "Deploy automation to create, onboard, and secure AWS accounts in a "
                "multi-account or multi-Region environment"),
        ("2.3", "Design and build automated solutions for complex tasks and large-scale "
                "environments"),
    ]),
    (3, "Resilient Cloud Solutions", 15, [
        ("3.1", "Implement highly available solutions to meet resilience and business "
                "requirements"),
        ("3.2", "Implement solutions that are scalable to meet business requirements"),
        ("3.3", "Implement automated recovery processes to meet RTO and RPO requirements"),
    ]),
    (4, "Monitoring and Logging", 15, [
        ("4.1", "Configure the collection, aggregation, and storage of logs and metrics"),
        ("4.2", "Audit, monitor, and analyze logs and metrics to detect issues"),
        ("4.3", "Automate monitoring and event management of complex environments"),
    ]),
    (5, "Incident and Event Response", 14, [
        ("5.1", "Manage event sources to process, notify, and take action in response to events"),
        ("5.2", "Implement configuration changes in response to events"),
        ("5.3", "Troubleshoot system and application failures"),
    ]),
    (6, "Security and Compliance", 17, [
        ("6.1", "Implement techniques for identity and access management at scale"),
        ("6.2", "Apply automation for security controls and data protection"),
        ("6.3", "Implement security monitoring and auditing solutions"),
    ]),
]


def create_guide(apps, schema_editor):
    ExamGuide = apps.get_model("questions", "ExamGuide")
    Domain = apps.get_model("questions", "Domain")
    TaskStatement = apps.get_model("questions", "TaskStatement")
    guide, _ = ExamGuide.objects.update_or_create(code=GUIDE["code"], defaults=GUIDE)
    for number, name, weight, tasks in DOMAINS:
        domain, _ = Domain.objects.update_or_create(
            guide=guide, number=number, defaults={"name": name, "weight": weight}
        )
        for code, title in tasks:
            TaskStatement.objects.update_or_create(
                domain=domain, code=code, defaults={"title": title}
            )


def remove_guide(apps, schema_editor):
    ExamGuide = apps.get_model("questions", "ExamGuide")
    Question = apps.get_model("questions", "Question")
    if not Question.objects.filter(task_statement__domain__guide__code=GUIDE["code"]).exists():
        ExamGuide.objects.filter(code=GUIDE["code"]).delete()


class Migration(migrations.Migration):
    dependencies = [("questions", "0001_initial")]

    operations = [migrations.RunPython(create_guide, remove_guide)]
