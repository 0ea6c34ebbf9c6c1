# Russian texts of the strings added by issue 30 (per-file import report, checked training runs);
# merged by scripts/fill_translations.py.
RU = {
    "%1: imported %n persona(s).": ["%1: импортирована %n персона.", "%1: импортированы %n персоны.",
                                    "%1: импортировано %n персон."],
    "%1: nothing imported. %2": "%1: ничего не импортировано. %2",
    "Import: %1": "Импорт: %1",
    "%1 is not a training run of this app: training_request.json is not a JSON object (%2 at byte %3).":
        "%1 — не запуск обучения этого приложения: training_request.json не JSON-объект (%2, байт %3).",
    "another JSON value": "другое значение JSON",
}
