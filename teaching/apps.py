from django.apps import AppConfig


class TeachingConfig(AppConfig):
    name = "teaching"
    verbose_name = "Teaching"

    def ready(self):
        from cases.extensions import register_exam_cases
        from learners.extensions import register_me_section
        from teaching import learner

        register_exam_cases(learner.open_exam_case_ids)
        register_me_section(learner.assignments_section)
