# Russian texts of the strings added by issue 17 (decode weights); merged by scripts/fill_translations.py.
RU = {
    "generator %1M parameters · %2 · %3 · decodes from %4 weights · retriever %5":
        "генератор %1 млн параметров · %2 · %3 · декодирует с весами %4 · поиск фактов: %5",
    "<b>Loaded</b><br>Generator: %1<br>%2 parameters · vocabulary %3 · context %4 · %5 tokenizer · "
    "%6 · %7 · decodes from %8 weights<br>Retriever: %9":
        "<b>Загружено</b><br>Генератор: %1<br>%2 параметров · словарь %3 · контекст %4 · токенизатор %5 · "
        "%6 · %7 · декодирует с весами %8<br>Поиск фактов: %9",
    "probabilities from %1 weights": "вероятности получены с весами %1",
    "As stored in the checkpoint": "Как в чекпойнте",
    "F32": "F32",
    "F16 (half the bytes)": "F16 (вдвое меньше байт)",
    "BF16 (half the bytes)": "BF16 (вдвое меньше байт)",
    "int8 (a quarter of the bytes)": "int8 (вчетверо меньше байт)",
    "What the generator reads its weights as when it writes a reply on the CPU: fewer bytes "
    "decode faster; int8 changes the probabilities slightly":
        "В каком виде генератор читает веса, когда пишет ответ на CPU: чем меньше байт, тем быстрее "
        "декодирование; int8 слегка меняет вероятности",
    "Decode &weights:": "&Веса декодера:",
}
