"""Russian texts of the validation room's UI strings (validation mode in the chat, the labelling
panel, the Validation tab), keyed by the English source; merged by fill_translations.py.
Plural entries are lists of three forms: 1 / 2-4 / 5+."""

RU = {
    # Chat view and transcript
    "&Validation mode": "Режим &разметки",
    "For this chat: choose the facts of each reply before it is written and rate it after":
        "Для этого чата: перед каждым ответом выбрать его факты, после — оценить ответ",
    "Could not score the facts: %1": "Не удалось оценить факты: %1",
    "Scoring the facts…": "Оцениваю факты…",
    "Tick the facts the reply should use, then press Ctrl+Enter.":
        "Отметьте факты, которые должен использовать ответ, и нажмите Ctrl+Enter.",
    "Rating saved.": "Оценка сохранена.",
    "facts chosen by the labeller": "факты выбраны разметчиком",
    "logical": "логичный",
    "specific": "конкретный",
    "personal": "личный",
    "Rate": "Оценить",
    "Mark it logical, specific, personal": "Отметить: логичный, конкретный, личный",
    # Labelling panel
    "Validation mode: before each reply you choose the facts it uses (they are stored as the turn's labels); "
    "after it you mark it logical, specific and personal.":
        "Режим разметки: перед каждым ответом вы выбираете факты, которые он использует (они сохраняются как "
        "разметка реплики); после ответа отмечаете, логичный ли он, конкретный и личный.",
    "<b>Which facts should the reply use?</b> Ticked facts go into the prompt and are stored as this turn's "
    "labels. Digits toggle rows; Ctrl+Enter confirms.":
        "<b>Какие факты должен использовать ответ?</b> Отмеченные факты попадут в затравку и сохранятся как "
        "разметка этой реплики. Цифры переключают строки; Ctrl+Enter подтверждает.",
    "Use": "Брать",
    "Rank": "Место",
    "Fact": "Факт",
    "Score": "Оценка",
    "Use ticked facts": "Взять отмеченные факты",
    "Send with exactly these facts (Ctrl+Enter)": "Отправить ровно с этими фактами (Ctrl+Enter)",
    "Cancel": "Отмена",
    "&Logical": "&Логичный",
    "The reply follows from the conversation": "Ответ следует из разговора",
    "&Specific": "&Конкретный",
    "The reply says something concrete, not a generic phrase": "В ответе есть конкретика, а не общая фраза",
    "&Personal": "Л&ичный",
    "The reply uses the persona's facts": "Ответ опирается на факты персонажа",
    "Comment (optional)": "Комментарий (необязательно)",
    "Save rating": "Сохранить оценку",
    "Store the marks with the reply (Ctrl+Enter)": "Сохранить отметки вместе с ответом (Ctrl+Enter)",
    "<b>Rate the reply</b> (rated; saving replaces the marks)":
        "<b>Оцените ответ</b> (уже оценён; сохранение заменит отметки)",
    "<b>Rate the reply:</b> tick what holds, then Ctrl+Enter": "<b>Оцените ответ:</b> отметьте верное и нажмите Ctrl+Enter",
    # Validation tab
    "bi-encoder": "би-энкодер",
    "hybrid": "гибрид",
    "Could not compute the metrics: %1": "Не удалось посчитать метрики: %1",
    "This chat": "Этот чат",
    "This persona": "Этот персонаж",
    "All chats": "Все чаты",
    "precision@k": "точность@k",
    "recall@k": "полнота@k",
    "MRR": "MRR",
    "&Refresh": "&Обновить",
    "Scope:": "Охват:",
    "k:": "k:",
    "Plot:": "График:",
    "Method": "Метод",
    "Labelled turns": "Размеченных реплик",
    "Precision@k": "Точность@k",
    "Recall@k": "Полнота@k",
    "Precision@%1": "Точность@%1",
    "Recall@%1": "Полнота@%1",
    "Persona": "Персонаж",
    "Rated": "Оценено",
    "Logical": "Логичный",
    "Specific": "Конкретный",
    "Personal": "Личный",
    "Model": "Модель",
    "Export seed &JSONL…": "Экспорт в seed &JSONL…",
    "The scope's labelled chats, as persona-cli train reads them":
        "Размеченные чаты охвата в формате, который читает persona-cli train",
    "Export &Markdown…": "Экспорт в &Markdown…",
    "The scope's labelled chats with the facts used per turn": "Размеченные чаты охвата с фактами каждой реплики",
    "Export &plot…": "Экспорт &графика…",
    "PNG or PDF": "PNG или PDF",
    "Retriever against the labeller's choices": "Поиск фактов против выбора разметчика",
    "Mean ratings (share of replies marked yes)": "Средние оценки (доля ответов с отметкой «да»)",
    "No chat is open.": "Чат не открыт.",
    "No persona is selected.": "Персонаж не выбран.",
    "Computing…": "Считаю…",
    "No labelled turns here yet: turn on validation mode in a chat and tick the facts of a reply.":
        "Размеченных реплик пока нет: включите режим разметки в чате и отметьте факты ответа.",
    "%n labelled turn(s). BM25 only: no bi-encoder is loaded.": [
        "%n размеченная реплика. Только BM25: би-энкодер не загружен.",
        "%n размеченные реплики. Только BM25: би-энкодер не загружен.",
        "%n размеченных реплик. Только BM25: би-энкодер не загружен."],
    "%n labelled turn(s).": ["%n размеченная реплика.", "%n размеченные реплики.", "%n размеченных реплик."],
    "(no model: imported or typed)": "(без модели: импорт или ввод)",
    "labelled turns, in order": "размеченные реплики по порядку",
    "%1, running mean": "%1, скользящее среднее",
    "There are no chats in this scope.": "В этом охвате нет чатов.",
    "Wrote %1: %n chat(s)": ["Записан %1: %n чат", "Записан %1: %n чата", "Записан %1: %n чатов"],
    ", %n label(s).": [", %n метка.", ", %n метки.", ", %n меток."],
    "Export failed.": "Экспорт не удался.",
    "Export chats as Markdown": "Экспорт чатов в Markdown",
    "Export labelled chats as seed JSONL": "Экспорт размеченных чатов в seed JSONL",
    "Markdown (*.md)": "Markdown (*.md)",
    "Seed JSONL (*.jsonl)": "Seed JSONL (*.jsonl)",
    "No rated replies here yet: in validation mode, mark a reply after it is written (or press \"Rate\" under an "
    "older one).":
        "Оценённых ответов пока нет: в режиме разметки отметьте ответ после того, как он написан (или нажмите "
        "«Оценить» под более старым).",
    # Main window
    "Markdown with the facts used per turn (*.md)": "Markdown с фактами каждой реплики (*.md)",
}
