"""The questionnaire model, scoring, action plan and compliance mapping: no Qt, no SQL."""
