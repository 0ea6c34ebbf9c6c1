"""Russian texts of the sampler chain's UI (ui/views/sampler_settings_page.*, the settings dialog's
"Sampler chain" tab, the token inspector's sampler column), keyed by the English source."""

RU = {
    "Sampler chain": "Цепочка сэмплеров",
    "Penalties and DRY": "Штрафы и DRY",
    "Truncation": "Отсечение",
    "Dynamic temperature and Mirostat": "Динамическая температура и Mirostat",
    "Order and presets": "Порядок и пресеты",
    "&Presence penalty:": "Штраф за &присутствие:",
    "&Frequency penalty:": "Штраф за &частоту:",
    "Penalty &window:": "&Окно штрафов:",
    "DRY &multiplier:": "DRY: &множитель:",
    "DRY &base:": "DRY: &основание:",
    "DRY &allowed length:": "DRY: &допустимая длина:",
    "DRY &range:": "DRY: &глубина:",
    "DRY &sequence breakers:": "DRY: &разрыватели:",
    "M&in-p:": "M&in-p:",
    "T&ypical-p:": "T&ypical-p:",
    "Top-n-si&gma:": "Top-n-si&gma:",
    "XTC t&hreshold:": "XTC: п&орог:",
    "XTC pr&obability:": "XTC: &вероятность:",
    "&Logit bias:": "Сдвиг &логитов:",
    "Temperature ra&nge:": "Диапазон &температуры:",
    "Temperature e&xponent:": "Показатель т&емпературы:",
    "Mi&rostat:": "Mi&rostat:",
    "Mirostat &tau:": "Mirostat: &tau:",
    "Mirostat &eta:": "Mirostat: &eta:",
    "Stage or&der:": "Поря&док этапов:",
    "&Save preset…": "&Сохранить пресет…",
    "L&oad preset…": "&Загрузить пресет…",
    "Save sampler preset": "Сохранить пресет сэмплеров",
    "Load sampler preset": "Загрузить пресет сэмплеров",
    "Presets (*.json)": "Пресеты (*.json)",
    "all": "все",
    "off": "выкл.",
    "Mirostat v2": "Mirostat v2",
    "Imported the SillyTavern preset «%1».": "Импортирован пресет SillyTavern «%1».",
    "Loaded the preset «%1».": "Загружен пресет «%1».",
    "Not used (no such stage here): %1.": "Не использовано (здесь нет такого этапа): %1.",
    "The preset was not loaded: %1": "Пресет не загружен: %1",
    "Saved the preset to %1.": "Пресет сохранён в %1.",
    "The preset was not saved: %1": "Пресет не сохранён: %1",
    "Subtracted once from the logit of every token already in the penalty window (0 = off)":
        "Вычитается один раз из логита каждого токена, который уже есть в окне штрафов (0 — выкл.)",
    "Subtracted from a token's logit once per time it occurs in the penalty window (0 = off)":
        "Вычитается из логита токена за каждое его появление в окне штрафов (0 — выкл.)",
    "How many of the last tokens the repetition, presence and frequency penalties look at":
        "Сколько последних токенов учитывают штрафы за повтор, присутствие и частоту",
    "DRY (\"don't repeat yourself\"): when the text's end repeats an earlier stretch, the token that continued it loses multiplier × base^(length − allowed length) (0 = off)":
        "DRY («не повторяйся»): если конец текста повторяет более ранний отрезок, токен, который его продолжил, "
        "теряет множитель × основание^(длина − допустимая длина) (0 — выкл.)",
    "DRY: how fast the penalty grows with the repeat's length": "DRY: как быстро штраф растёт с длиной повтора",
    "DRY: repeats up to this many tokens are free": "DRY: повторы не длиннее стольких токенов не штрафуются",
    "DRY: how many of the last tokens it searches for repeats (all = the whole context)":
        "DRY: в скольких последних токенах искать повторы (все — весь контекст)",
    "DRY: a repeat never reaches back past a token holding one of these texts (a JSON list)":
        "DRY: повтор не тянется назад дальше токена, содержащего один из этих текстов (список JSON)",
    "Drops every token less probable than min-p × the most probable one (0 = off)":
        "Отбрасывает каждый токен, вероятность которого меньше min-p × вероятность лучшего (0 — выкл.)",
    "Locally typical sampling: keeps the tokens whose surprise is closest to the distribution's entropy, up to this mass (1 = off)":
        "Локально типичный отбор: оставляет токены, чья неожиданность ближе всего к энтропии распределения, "
        "до этой суммарной вероятности (1 — выкл.)",
    "Keeps the logits within n standard deviations of the largest (off at 0 or below)":
        "Оставляет логиты в пределах n стандартных отклонений от наибольшего (0 и меньше — выкл.)",
    "XTC (exclude top choices): tokens at least this probable count as top choices":
        "XTC (исключение лучших): токены с вероятностью не ниже этой считаются лучшими",
    "XTC: the chance per token that all top choices but the least probable are removed (when two or more reach the threshold; 0 = off)":
        "XTC: вероятность на каждом токене убрать все лучшие варианты, кроме наименее вероятного "
        "(когда порог достигают два и более; 0 — выкл.)",
    "Added to a token's logit before every other stage: ID+BIAS or ID-BIAS, comma-separated; ID-inf bans the token":
        "Прибавляется к логиту токена до всех остальных этапов: ID+СДВИГ или ID-СДВИГ через запятую; "
        "ID-inf запрещает токен",
    "Dynamic temperature: the temperature moves within ± this range, higher when the model is unsure (high entropy), lower when it is sure (0 = off)":
        "Динамическая температура: температура меняется в пределах ± этого диапазона — выше, когда модель "
        "не уверена (высокая энтропия), ниже, когда уверена (0 — выкл.)",
    "Dynamic temperature: how the normalised entropy maps into the range":
        "Динамическая температура: как нормированная энтропия переводится в диапазон",
    "Mirostat v2 keeps the text's surprise near tau by cutting tokens more surprising than a learned limit; it replaces top-k, top-p, min-p, typical-p, top-n-sigma and XTC":
        "Mirostat v2 держит неожиданность текста около tau, отсекая токены неожиданнее выученного предела; "
        "заменяет top-k, top-p, min-p, typical-p, top-n-sigma и XTC",
    "Mirostat: the target surprise in bits (lower: more focused text)":
        "Mirostat: целевая неожиданность в битах (меньше — более сосредоточенный текст)",
    "Mirostat: how fast the limit follows the observed surprise":
        "Mirostat: как быстро предел следует за наблюдаемой неожиданностью",
    "The order of the stages, ';'-separated (empty: the default shown). Logit bias, the minimum length and the fact boost always come first; Mirostat and the pick last.":
        "Порядок этапов через «;» (пусто — показанный порядок по умолчанию). Сдвиг логитов, минимальная "
        "длина и усиление фактов всегда первые; Mirostat и выбор — последние.",
    "A preset saved here, or a SillyTavern text-completion preset (the fields that have a stage here)":
        "Пресет, сохранённый здесь, или пресет SillyTavern для text completion (поля, для которых здесь есть этап)",
    "Model": "Модель",
    "After": "После",
    "Sampler": "Сэмплер",
    "The model's own probability (before the sampler chain)": "Вероятность по самой модели (до цепочки сэмплеров)",
    "The probability in the distribution the token was drawn from": "Вероятность в распределении, из которого выбран токен",
    "penalized by %1 %2": "оштрафован: %1 %2",
    "raised by %1 %2": "поднят: %1 %2",
    "cut by %1": "отсечён: %1",
    "logit bias": "сдвиг логитов",
    "the minimum length": "минимальная длина",
    "fact boost": "усиление фактов",
    "repetition penalties": "штрафы за повтор",
    "the n-gram ban": "запрет n-грамм",
    "DRY": "DRY",
    "temperature": "температура",
    "top-k": "top-k",
    "top-p": "top-p",
    "min-p": "min-p",
    "typical-p": "typical-p",
    "top-n-sigma": "top-n-sigma",
    "XTC": "XTC",
    "Mirostat": "Mirostat",
}
