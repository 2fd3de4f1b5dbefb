"""Exam views, thin: parse the request, call one service, render (taking, review, dashboard)."""
