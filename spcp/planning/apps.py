from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "spcp.planning"
    label = "planning"

    def ready(self) -> None:
        from spcp.planning import phases, rules, selectors, services  # noqa: F401  (rules registers the permissions)
        from spcp.programs.audit import register_actions, register_target_loader
        from spcp.programs.phases import on_program_created

        phases.register()
        on_program_created(services.on_program_created)
        register_actions(services.AUDIT_LABELS)
        register_target_loader("planning.sector", selectors.sector_names_by_id)
        register_target_loader("planning.task", selectors.task_titles_by_id)
