<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
    <context>
        <name>ChatWorker</name>
        <message>
            <source>The models are still loading.</source>
            <translation>Модели ещё загружаются.</translation>
        </message>
    </context>
    <context>
        <name>QObject</name>
        <message>
            <source>delete persona %1</source>
            <translation>удаление персонажа %1</translation>
        </message>
        <message>
            <source>Persona Studio</source>
            <translation>Персона Студия</translation>
        </message>
        <message>
            <source>Export plot</source>
            <translation>Экспорт графика</translation>
        </message>
        <message>
            <source>PNG image (*.png);;PDF document (*.pdf)</source>
            <translation>Изображение PNG (*.png);;Документ PDF (*.pdf)</translation>
        </message>
        <message>
            <source>Copy as TSV</source>
            <translation>Копировать как TSV</translation>
        </message>
        <message>
            <source>Copy all as TSV</source>
            <translation>Копировать всё как TSV</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::ChatTranscript</name>
        <message>
            <source>rev %1</source>
            <translation>ред. %1</translation>
        </message>
        <message>
            <source>stopped</source>
            <translation>остановлен</translation>
        </message>
        <message>
            <source>no facts used</source>
            <translation>факты не использованы</translation>
        </message>
        <message>
            <source>facts: %1</source>
            <translation>факты: %1</translation>
        </message>
        <message>
            <source>Edit</source>
            <translation>Изменить</translation>
        </message>
        <message>
            <source>Edit and send again (a new branch)</source>
            <translation>Изменить и отправить снова (новая ветка)</translation>
        </message>
        <message>
            <source>Regenerate</source>
            <translation>Перегенерировать</translation>
        </message>
        <message>
            <source>Another reply to the same message</source>
            <translation>Другой ответ на то же сообщение</translation>
        </message>
        <message>
            <source>Inspect</source>
            <translation>Разобрать</translation>
        </message>
        <message>
            <source>Show this reply in the inspectors</source>
            <translation>Показать этот ответ в инспекторах</translation>
        </message>
        <message>
            <source>You</source>
            <translation>Вы</translation>
        </message>
        <message>
            <source>New facts the model stated:</source>
            <translation>Новые факты, которые назвала модель:</translation>
        </message>
        <message>
            <source>✓ approve</source>
            <translation>✓ принять</translation>
        </message>
        <message>
            <source>✕ reject</source>
            <translation>✕ отклонить</translation>
        </message>
        <message>
            <source>No reply.</source>
            <translation>Ответа нет.</translation>
        </message>
        <message>
            <source>Retry</source>
            <translation>Повторить</translation>
        </message>
        <message>
            <source>writing…</source>
            <translation>пишет…</translation>
        </message>
        <message>
            <source>Previous alternative</source>
            <translation>Предыдущий вариант</translation>
        </message>
        <message>
            <source>Next alternative</source>
            <translation>Следующий вариант</translation>
        </message>
        <message numerus="yes">
            <source>Show earlier messages (%n hidden)</source>
            <translation>
                <numerusform>Показать более ранние сообщения (скрыто: %n)</numerusform>
                <numerusform>Показать более ранние сообщения (скрыто: %n)</numerusform>
                <numerusform>Показать более ранние сообщения (скрыто: %n)</numerusform>
            </translation>
        </message>
        <message>
            <source>Older messages of this chat are not drawn, so that a long chat opens fast</source>
            <translation>Старые сообщения этого чата не показаны, чтобы длинный чат открывался быстро</translation>
        </message>
        <message>
            <source>facts chosen by the labeller</source>
            <translation>факты выбраны разметчиком</translation>
        </message>
        <message>
            <source>logical</source>
            <translation>логичный</translation>
        </message>
        <message>
            <source>specific</source>
            <translation>конкретный</translation>
        </message>
        <message>
            <source>personal</source>
            <translation>личный</translation>
        </message>
        <message>
            <source>Rate</source>
            <translation>Оценить</translation>
        </message>
        <message>
            <source>Mark it logical, specific, personal</source>
            <translation>Отметить: логичный, конкретный, личный</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::ChatView</name>
        <message>
            <source>New chat</source>
            <translation>Новый чат</translation>
        </message>
        <message>
            <source>Rename…</source>
            <translation>Переименовать…</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Удалить</translation>
        </message>
        <message>
            <source>Chat:</source>
            <translation>Чат:</translation>
        </message>
        <message>
            <source>Facts (edits count from the next reply)</source>
            <translation>Факты (правки действуют со следующего ответа)</translation>
        </message>
        <message>
            <source>Add a fact and press Enter</source>
            <translation>Новый факт и Enter</translation>
        </message>
        <message>
            <source>Write a message… (Ctrl+Enter sends, Esc stops)</source>
            <translation>Напишите сообщение… (Ctrl+Enter — отправить, Esc — остановить)</translation>
        </message>
        <message>
            <source>Send</source>
            <translation>Отправить</translation>
        </message>
        <message>
            <source>Send (Ctrl+Enter)</source>
            <translation>Отправить (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>Стоп</translation>
        </message>
        <message>
            <source>Stop the reply (Esc)</source>
            <translation>Остановить ответ (Esc)</translation>
        </message>
        <message>
            <source>Regenerate</source>
            <translation>Перегенерировать</translation>
        </message>
        <message>
            <source>Chat %1</source>
            <translation>Чат %1</translation>
        </message>
        <message>
            <source>Rename chat</source>
            <translation>Переименовать чат</translation>
        </message>
        <message>
            <source>Title:</source>
            <translation>Название:</translation>
        </message>
        <message>
            <source>Delete chat</source>
            <translation>Удалить чат</translation>
        </message>
        <message>
            <source>Delete this chat with all its messages and labels? This cannot be undone.</source>
            <translation>Удалить этот чат со всеми сообщениями и разметкой? Это нельзя отменить.</translation>
        </message>
        <message>
            <source>&lt;p&gt;No chat yet. Press &lt;b&gt;New chat&lt;/b&gt; or just write a message.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Чата пока нет. Нажмите &lt;b&gt;Новый чат&lt;/b&gt; или просто напишите сообщение.&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Loading models…</source>
            <translation>Загрузка моделей…</translation>
        </message>
        <message>
            <source>No models loaded: see Settings.</source>
            <translation>Модели не загружены: см. Настройки.</translation>
        </message>
        <message>
            <source>Thinking…</source>
            <translation>Думает…</translation>
        </message>
        <message numerus="yes">
            <source>%n token(s)…</source>
            <translation>
                <numerusform>%n токен…</numerusform>
                <numerusform>%n токена…</numerusform>
                <numerusform>%n токенов…</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n token(s) · %1 ms to the first token</source>
            <translation>
                <numerusform>%n токен · %1 мс до первого токена</numerusform>
                <numerusform>%n токена · %1 мс до первого токена</numerusform>
                <numerusform>%n токенов · %1 мс до первого токена</numerusform>
            </translation>
        </message>
        <message>
            <source>Stopped before the reply began.</source>
            <translation>Остановлено до начала ответа.</translation>
        </message>
        <message>
            <source>Failed: %1</source>
            <translation>Ошибка: %1</translation>
        </message>
        <message>
            <source>Edit message</source>
            <translation>Изменить сообщение</translation>
        </message>
        <message>
            <source>The edited message starts a new branch:</source>
            <translation>Изменённое сообщение начнёт новую ветку:</translation>
        </message>
        <message>
            <source>The message is %1 KB long; the limit is %2 KB. Shorten it or send it in parts.</source>
            <translation>Сообщение занимает %1 КБ, а предел — %2 КБ. Сократите его или отправьте по частям.</translation>
        </message>
        <message>
            <source>Could not score the facts: %1</source>
            <translation>Не удалось оценить факты: %1</translation>
        </message>
        <message>
            <source>&amp;Validation mode</source>
            <translation>Режим &amp;разметки</translation>
        </message>
        <message>
            <source>For this chat: choose the facts of each reply before it is written and rate it after</source>
            <translation>Для этого чата: перед каждым ответом выбрать его факты, после — оценить ответ</translation>
        </message>
        <message>
            <source>Scoring the facts…</source>
            <translation>Оцениваю факты…</translation>
        </message>
        <message>
            <source>Tick the facts the reply should use, then press Ctrl+Enter.</source>
            <translation>Отметьте факты, которые должен использовать ответ, и нажмите Ctrl+Enter.</translation>
        </message>
        <message>
            <source>Rating saved.</source>
            <translation>Оценка сохранена.</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::FactHeatmap</name>
        <message>
            <source>reply</source>
            <translation>ответ</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::FactTableModel</name>
        <message>
            <source>add fact</source>
            <translation>добавление факта</translation>
        </message>
        <message numerus="yes">
            <source>delete %n fact(s)</source>
            <translation>
                <numerusform>удаление %n факта</numerusform>
                <numerusform>удаление %n фактов</numerusform>
                <numerusform>удаление %n фактов</numerusform>
            </translation>
        </message>
        <message>
            <source>move fact</source>
            <translation>перемещение факта</translation>
        </message>
        <message>
            <source>enable fact</source>
            <translation>включение факта</translation>
        </message>
        <message>
            <source>disable fact</source>
            <translation>отключение факта</translation>
        </message>
        <message>
            <source>typed</source>
            <translation>введён</translation>
        </message>
        <message>
            <source>imported</source>
            <translation>импортирован</translation>
        </message>
        <message>
            <source>proposed</source>
            <translation>предложен</translation>
        </message>
        <message>
            <source>approved</source>
            <translation>принят</translation>
        </message>
        <message>
            <source>Used by the agent when checked</source>
            <translation>Используется агентом, когда отмечен</translation>
        </message>
        <message>
            <source>On</source>
            <translation>Вкл.</translation>
        </message>
        <message>
            <source>Fact</source>
            <translation>Факт</translation>
        </message>
        <message>
            <source>Origin</source>
            <translation>Источник</translation>
        </message>
        <message>
            <source>edit fact</source>
            <translation>правка факта</translation>
        </message>
        <message>
            <source>not used yet</source>
            <translation>ещё не использован</translation>
        </message>
        <message numerus="yes">
            <source>%n×</source>
            <translation>
                <numerusform>%n×</numerusform>
                <numerusform>%n×</numerusform>
                <numerusform>%n×</numerusform>
            </translation>
        </message>
        <message>
            <source>No reply of this persona has scored this fact yet.</source>
            <translation>Ни один ответ этого персонажа ещё не оценивал этот факт.</translation>
        </message>
        <message numerus="yes">
            <source>Selected by the retriever in %1 of %n repl(ies) that scored it.</source>
            <translation>
                <numerusform>Поиск фактов выбрал его в %1 из %n ответа, где он оценивался.</numerusform>
                <numerusform>Поиск фактов выбрал его в %1 из %n ответов, где он оценивался.</numerusform>
                <numerusform>Поиск фактов выбрал его в %1 из %n ответов, где он оценивался.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Mean influence %1 nats over %n repl(ies) with a computed influence (the drop in the reply's log-probability without the fact).</source>
            <translation>
                <numerusform>Среднее влияние %1 нат по %n ответу с вычисленным влиянием (насколько падает лог-вероятность ответа без этого факта).</numerusform>
                <numerusform>Среднее влияние %1 нат по %n ответам с вычисленным влиянием (насколько падает лог-вероятность ответа без этого факта).</numerusform>
                <numerusform>Среднее влияние %1 нат по %n ответам с вычисленным влиянием (насколько падает лог-вероятность ответа без этого факта).</numerusform>
            </translation>
        </message>
        <message>
            <source>Influence not computed yet: open a reply in the Retrieval inspector.</source>
            <translation>Влияние ещё не вычислено: откройте ответ в инспекторе поиска фактов.</translation>
        </message>
        <message>
            <source>Used · influence</source>
            <translation>Выбран · влияние</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::InfluencePanel</name>
        <message>
            <source>Influence: how much each used fact raised the reply's log-probability (reply held fixed).</source>
            <translation>Влияние: насколько каждый использованный факт повысил лог-вероятность ответа (ответ зафиксирован).</translation>
        </message>
        <message>
            <source>Computing the influence of each fact…</source>
            <translation>Вычисляется влияние каждого факта…</translation>
        </message>
        <message>
            <source>log p(reply): %1 with the facts used, %2 with none — persona reliance %3 nats</source>
            <translation>log p(ответа): %1 с использованными фактами, %2 без них — опора на персонажа %3 нат</translation>
        </message>
        <message>
            <source>Fact</source>
            <translation>Факт</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>Оценка</translation>
        </message>
        <message>
            <source>Influence, nats</source>
            <translation>Влияние, нат</translation>
        </message>
        <message>
            <source>log p without it</source>
            <translation>log p без него</translation>
        </message>
        <message>
            <source>retrieved but ignored</source>
            <translation>найден, но не использован</translation>
        </message>
        <message>
            <source>influential but ranked low</source>
            <translation>влиятелен, но низко в рейтинге</translation>
        </message>
        <message>
            <source>retrieval score</source>
            <translation>оценка поиска</translation>
        </message>
        <message>
            <source>influence, nats</source>
            <translation>влияние, нат</translation>
        </message>
        <message>
            <source>Tokens this fact drives most: %1</source>
            <translation>Токены, которые этот факт поддерживает сильнее всего: %1</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::LabelPanel</name>
        <message>
            <source>Validation mode: before each reply you choose the facts it uses (they are stored as the turn's labels); after it you mark it logical, specific and personal.</source>
            <translation>Режим разметки: перед каждым ответом вы выбираете факты, которые он использует (они сохраняются как разметка реплики); после ответа отмечаете, логичный ли он, конкретный и личный.</translation>
        </message>
        <message>
            <source>&lt;b&gt;Which facts should the reply use?&lt;/b&gt; Ticked facts go into the prompt and are stored as this turn's labels. Digits toggle rows; Ctrl+Enter confirms.</source>
            <translation>&lt;b&gt;Какие факты должен использовать ответ?&lt;/b&gt; Отмеченные факты попадут в затравку и сохранятся как разметка этой реплики. Цифры переключают строки; Ctrl+Enter подтверждает.</translation>
        </message>
        <message>
            <source>Use</source>
            <translation>Брать</translation>
        </message>
        <message>
            <source>Rank</source>
            <translation>Место</translation>
        </message>
        <message>
            <source>Fact</source>
            <translation>Факт</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>Оценка</translation>
        </message>
        <message>
            <source>Use ticked facts</source>
            <translation>Взять отмеченные факты</translation>
        </message>
        <message>
            <source>Send with exactly these facts (Ctrl+Enter)</source>
            <translation>Отправить ровно с этими фактами (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Отмена</translation>
        </message>
        <message>
            <source>&amp;Logical</source>
            <translation>&amp;Логичный</translation>
        </message>
        <message>
            <source>The reply follows from the conversation</source>
            <translation>Ответ следует из разговора</translation>
        </message>
        <message>
            <source>&amp;Specific</source>
            <translation>&amp;Конкретный</translation>
        </message>
        <message>
            <source>The reply says something concrete, not a generic phrase</source>
            <translation>В ответе есть конкретика, а не общая фраза</translation>
        </message>
        <message>
            <source>&amp;Personal</source>
            <translation>Л&amp;ичный</translation>
        </message>
        <message>
            <source>The reply uses the persona's facts</source>
            <translation>Ответ опирается на факты персонажа</translation>
        </message>
        <message>
            <source>Comment (optional)</source>
            <translation>Комментарий (необязательно)</translation>
        </message>
        <message>
            <source>Save rating</source>
            <translation>Сохранить оценку</translation>
        </message>
        <message>
            <source>Store the marks with the reply (Ctrl+Enter)</source>
            <translation>Сохранить отметки вместе с ответом (Ctrl+Enter)</translation>
        </message>
        <message>
            <source>&lt;b&gt;Rate the reply&lt;/b&gt; (rated; saving replaces the marks)</source>
            <translation>&lt;b&gt;Оцените ответ&lt;/b&gt; (уже оценён; сохранение заменит отметки)</translation>
        </message>
        <message>
            <source>&lt;b&gt;Rate the reply:&lt;/b&gt; tick what holds, then Ctrl+Enter</source>
            <translation>&lt;b&gt;Оцените ответ:&lt;/b&gt; отметьте верное и нажмите Ctrl+Enter</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::LossPlot</name>
        <message>
            <source>train loss (per step)</source>
            <translation>потери обучения (по шагам)</translation>
        </message>
        <message>
            <source>step</source>
            <translation>шаг</translation>
        </message>
        <message>
            <source>train loss</source>
            <translation>потери обучения</translation>
        </message>
        <message>
            <source>validation loss</source>
            <translation>потери на валидации</translation>
        </message>
        <message>
            <source>%1 (per epoch)</source>
            <translation>%1 (по эпохам)</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::MainWindow</name>
        <message>
            <source>Persona Studio</source>
            <translation>Персона Студия</translation>
        </message>
        <message numerus="yes">
            <source>libtorch %1 · %2 · %n thread(s)</source>
            <translation>
                <numerusform>libtorch %1 · %2 · %n поток</numerusform>
                <numerusform>libtorch %1 · %2 · %n потока</numerusform>
                <numerusform>libtorch %1 · %2 · %n потоков</numerusform>
            </translation>
        </message>
        <message>
            <source>CUDA</source>
            <translation>CUDA</translation>
        </message>
        <message>
            <source>CPU</source>
            <translation>ЦП</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>&amp;Файл</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>&amp;Выход</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>&amp;Справка</translation>
        </message>
        <message>
            <source>&amp;About Persona Studio</source>
            <translation>&amp;О программе Персона Студия</translation>
        </message>
        <message>
            <source>About Persona Studio</source>
            <translation>О программе Персона Студия</translation>
        </message>
        <message>
            <source>Loading models…</source>
            <translation>Загрузка моделей…</translation>
        </message>
        <message>
            <source>Models ready: %1</source>
            <translation>Модели готовы: %1</translation>
        </message>
        <message>
            <source>Personas</source>
            <translation>Персонажи</translation>
        </message>
        <message>
            <source>Persona</source>
            <translation>Персонаж</translation>
        </message>
        <message>
            <source>Chat</source>
            <translation>Чат</translation>
        </message>
        <message>
            <source>Retrieval</source>
            <translation>Поиск фактов</translation>
        </message>
        <message>
            <source>Tokens</source>
            <translation>Токены</translation>
        </message>
        <message>
            <source>&amp;New persona…</source>
            <translation>&amp;Новый персонаж…</translation>
        </message>
        <message>
            <source>&amp;Import…</source>
            <translation>&amp;Импорт…</translation>
        </message>
        <message>
            <source>Export persona as &amp;card…</source>
            <translation>Экспорт персонажа в &amp;карточку…</translation>
        </message>
        <message>
            <source>Ctrl+E</source>
            <translation>Ctrl+E</translation>
        </message>
        <message>
            <source>Export &amp;chats as JSONL…</source>
            <translation>Экспорт &amp;чатов в JSONL…</translation>
        </message>
        <message>
            <source>&amp;Models and settings…</source>
            <translation>&amp;Модели и настройки…</translation>
        </message>
        <message>
            <source>Ctrl+,</source>
            <translation>Ctrl+,</translation>
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation>&amp;Правка</translation>
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation>&amp;Отменить</translation>
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation>&amp;Повторить</translation>
        </message>
        <message>
            <source>Ctrl+Shift+Z</source>
            <translation>Ctrl+Shift+Z</translation>
        </message>
        <message>
            <source>&amp;Duplicate persona</source>
            <translation>&amp;Дублировать персонажа</translation>
        </message>
        <message>
            <source>De&amp;lete persona</source>
            <translation>&amp;Удалить персонажа</translation>
        </message>
        <message>
            <source>&amp;Find persona</source>
            <translation>&amp;Найти персонажа</translation>
        </message>
        <message>
            <source>&amp;Chat</source>
            <translation>&amp;Чат</translation>
        </message>
        <message>
            <source>&amp;New chat</source>
            <translation>&amp;Новый чат</translation>
        </message>
        <message>
            <source>Ctrl+T</source>
            <translation>Ctrl+T</translation>
        </message>
        <message>
            <source>&amp;Regenerate</source>
            <translation>&amp;Перегенерировать</translation>
        </message>
        <message>
            <source>Ctrl+R</source>
            <translation>Ctrl+R</translation>
        </message>
        <message>
            <source>&amp;Stop</source>
            <translation>&amp;Остановить</translation>
        </message>
        <message>
            <source>Ctrl+.</source>
            <translation>Ctrl+.</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>&amp;Вид</translation>
        </message>
        <message>
            <source>&amp;Persona</source>
            <translation>&amp;Персонаж</translation>
        </message>
        <message>
            <source>&amp;Retrieval</source>
            <translation>П&amp;оиск фактов</translation>
        </message>
        <message>
            <source>&amp;Tokens</source>
            <translation>&amp;Токены</translation>
        </message>
        <message>
            <source>&amp;Language</source>
            <translation>&amp;Язык</translation>
        </message>
        <message>
            <source>System</source>
            <translation>Системный</translation>
        </message>
        <message>
            <source>Models not loaded</source>
            <translation>Модели не загружены</translation>
        </message>
        <message>
            <source>Could not load the models</source>
            <translation>Не удалось загрузить модели</translation>
        </message>
        <message>
            <source>The language changes at the next start.</source>
            <translation>Язык сменится при следующем запуске.</translation>
        </message>
        <message>
            <source>Import</source>
            <translation>Импорт</translation>
        </message>
        <message>
            <source>Personas and dialogues (*.jsonl *.tsv *.json *.png);;All files (*)</source>
            <translation>Персонажи и диалоги (*.jsonl *.tsv *.json *.png);;Все файлы (*)</translation>
        </message>
        <message numerus="yes">
            <source>Importing %n file(s)…</source>
            <translation>
                <numerusform>Импорт %n файла…</numerusform>
                <numerusform>Импорт %n файлов…</numerusform>
                <numerusform>Импорт %n файлов…</numerusform>
            </translation>
        </message>
        <message>
            <source>Import failed</source>
            <translation>Импорт не удался</translation>
        </message>
        <message numerus="yes">
            <source>Imported %n persona(s).</source>
            <translation>
                <numerusform>Импортирован %n персонаж.</numerusform>
                <numerusform>Импортировано %n персонажа.</numerusform>
                <numerusform>Импортировано %n персонажей.</numerusform>
            </translation>
        </message>
        <message>
            <source>Export persona</source>
            <translation>Экспорт персонажа</translation>
        </message>
        <message>
            <source>Character card PNG (*.png);;Character card JSON (*.json)</source>
            <translation>Карточка PNG (*.png);;Карточка JSON (*.json)</translation>
        </message>
        <message>
            <source>Exported to %1</source>
            <translation>Сохранено в %1</translation>
        </message>
        <message>
            <source>Export chats</source>
            <translation>Экспорт чатов</translation>
        </message>
        <message>
            <source>Seed dialogues (*.jsonl)</source>
            <translation>Диалоги в формате исследования (*.jsonl)</translation>
        </message>
        <message numerus="yes">
            <source>Exported %n chat(s) to %1</source>
            <translation>
                <numerusform>%n чат сохранён в %1</numerusform>
                <numerusform>%n чата сохранено в %1</numerusform>
                <numerusform>%n чатов сохранено в %1</numerusform>
            </translation>
        </message>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt;&lt;p&gt;Author persona-grounded chatbots and test them live.&lt;/p&gt;&lt;p&gt;Database: %2&lt;/p&gt;</source>
            <translation>&lt;b&gt;%1&lt;/b&gt;&lt;p&gt;Создавайте чат-ботов с персонажами и проверяйте их вживую.&lt;/p&gt;&lt;p&gt;База данных: %2&lt;/p&gt;</translation>
        </message>
        <message>
            <source>T&amp;heme</source>
            <translation>&amp;Оформление</translation>
        </message>
        <message>
            <source>Light</source>
            <translation>Светлое</translation>
        </message>
        <message>
            <source>Dark</source>
            <translation>Тёмное</translation>
        </message>
        <message>
            <source>Validation</source>
            <translation>Разметка</translation>
        </message>
        <message>
            <source>Tests</source>
            <translation>Тесты</translation>
        </message>
        <message>
            <source>Training</source>
            <translation>Обучение</translation>
        </message>
        <message>
            <source>&amp;Validation</source>
            <translation>&amp;Разметка</translation>
        </message>
        <message>
            <source>T&amp;ests</source>
            <translation>Т&amp;есты</translation>
        </message>
        <message>
            <source>Trai&amp;ning</source>
            <translation>&amp;Обучение</translation>
        </message>
        <message>
            <source>Markdown with the facts used per turn (*.md)</source>
            <translation>Markdown с фактами каждой реплики (*.md)</translation>
        </message>
        <message numerus="yes">
            <source>%1: imported %n persona(s).</source>
            <translation>
                <numerusform>%1: импортирована %n персона.</numerusform>
                <numerusform>%1: импортированы %n персоны.</numerusform>
                <numerusform>%1: импортировано %n персон.</numerusform>
            </translation>
        </message>
        <message>
            <source>%1: nothing imported. %2</source>
            <translation>%1: ничего не импортировано. %2</translation>
        </message>
        <message>
            <source>Import: %1</source>
            <translation>Импорт: %1</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::ModelLoader</name>
        <message>
            <source>No generator model was found: the bundled demo models are not installed. Choose a model folder in Settings.</source>
            <translation>Модель-генератор не найдена: демо-модели не установлены. Выберите папку модели в Настройках.</translation>
        </message>
        <message>
            <source>Loading the generator…</source>
            <translation>Загрузка генератора…</translation>
        </message>
        <message>
            <source>Loading the tokenizer…</source>
            <translation>Загрузка токенизатора…</translation>
        </message>
        <message>
            <source>Loading the retriever…</source>
            <translation>Загрузка модели поиска фактов…</translation>
        </message>
        <message>
            <source>Models ready</source>
            <translation>Модели готовы</translation>
        </message>
        <message>
            <source>bi-encoder (%1-d)</source>
            <translation>би-энкодер (%1-мерный)</translation>
        </message>
        <message>
            <source>generator %1M parameters · %2 · %3 · decodes from %4 weights · retriever %5</source>
            <translation>генератор %1 млн параметров · %2 · %3 · декодирует с весами %4 · поиск фактов: %5</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::PersonaEditor</name>
        <message>
            <source>Profile</source>
            <translation>Профиль</translation>
        </message>
        <message>
            <source>Choose an avatar image</source>
            <translation>Выбрать аватар</translation>
        </message>
        <message>
            <source>unknown</source>
            <translation>не указан</translation>
        </message>
        <message>
            <source>female</source>
            <translation>женский</translation>
        </message>
        <message>
            <source>male</source>
            <translation>мужской</translation>
        </message>
        <message>
            <source>comma-separated, e.g. student, demo</source>
            <translation>через запятую, например: студент, демо</translation>
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation>&amp;Имя:</translation>
        </message>
        <message>
            <source>&amp;Gender:</source>
            <translation>&amp;Пол:</translation>
        </message>
        <message>
            <source>&amp;Tags:</source>
            <translation>&amp;Теги:</translation>
        </message>
        <message>
            <source>&amp;Description:</source>
            <translation>&amp;Описание:</translation>
        </message>
        <message>
            <source>Facts</source>
            <translation>Факты</translation>
        </message>
        <message>
            <source>Delete facts</source>
            <translation>Удалить факты</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>Добавить</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Удалить</translation>
        </message>
        <message>
            <source>Delete the selected facts (Del)</source>
            <translation>Удалить выбранные факты (Del)</translation>
        </message>
        <message>
            <source>Enable</source>
            <translation>Включить</translation>
        </message>
        <message>
            <source>Disable</source>
            <translation>Отключить</translation>
        </message>
        <message>
            <source>Approve</source>
            <translation>Принять</translation>
        </message>
        <message>
            <source>Reject</source>
            <translation>Отклонить</translation>
        </message>
        <message>
            <source>Proposed by the model (not used until approved):</source>
            <translation>Предложены моделью (не используются, пока не приняты):</translation>
        </message>
        <message>
            <source>Revisions</source>
            <translation>Редакции</translation>
        </message>
        <message>
            <source>Diff</source>
            <translation>Сравнить</translation>
        </message>
        <message numerus="yes">
            <source>%1 · %2 · %n fact(s) · %3</source>
            <translation>
                <numerusform>%1 · %2 · %n факт · %3</numerusform>
                <numerusform>%1 · %2 · %n факта · %3</numerusform>
                <numerusform>%1 · %2 · %n фактов · %3</numerusform>
            </translation>
        </message>
        <message>
            <source>revision %1</source>
            <translation>редакция %1</translation>
        </message>
        <message>
            <source>enabled:</source>
            <translation>включён:</translation>
        </message>
        <message>
            <source>disabled:</source>
            <translation>отключён:</translation>
        </message>
        <message>
            <source>approved:</source>
            <translation>принят:</translation>
        </message>
        <message>
            <source>&lt;p&gt;No changes.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Изменений нет.&lt;/p&gt;</translation>
        </message>
        <message>
            <source>edit profile</source>
            <translation>правка профиля</translation>
        </message>
        <message>
            <source>Choose an avatar</source>
            <translation>Выбор аватара</translation>
        </message>
        <message>
            <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
            <translation>Изображения (*.png *.jpg *.jpeg *.webp *.bmp)</translation>
        </message>
        <message>
            <source>Avatar</source>
            <translation>Аватар</translation>
        </message>
        <message>
            <source>Could not read %1: %2</source>
            <translation>Не удалось прочитать %1: %2</translation>
        </message>
        <message>
            <source>change avatar</source>
            <translation>смена аватара</translation>
        </message>
        <message>
            <source>&lt;p&gt;Only one revision so far: every change to the facts makes a new one, and here you see what changed between any two.&lt;/p&gt;</source>
            <translation>&lt;p&gt;Пока одна редакция: каждое изменение фактов создаёт новую, и здесь видно, что изменилось между любыми двумя.&lt;/p&gt;</translation>
        </message>
        <message>
            <source>New fact, e.g. «Я живу в Москве», then Enter</source>
            <translation>Новый факт, например «Я живу в Москве», и Enter</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::PersonaListModel</name>
        <message numerus="yes">
            <source>%1 — %n fact(s), revision %2</source>
            <translation>
                <numerusform>%1 — %n факт, редакция %2</numerusform>
                <numerusform>%1 — %n факта, редакция %2</numerusform>
                <numerusform>%1 — %n фактов, редакция %2</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>persona::ui::PersonaListView</name>
        <message>
            <source>Search personas</source>
            <translation>Поиск персонажей</translation>
        </message>
        <message>
            <source>New</source>
            <translation>Новый</translation>
        </message>
        <message>
            <source>New persona (Ctrl+N)</source>
            <translation>Новый персонаж (Ctrl+N)</translation>
        </message>
        <message>
            <source>Duplicate</source>
            <translation>Дублировать</translation>
        </message>
        <message>
            <source>Delete</source>
            <translation>Удалить</translation>
        </message>
        <message>
            <source>All tags</source>
            <translation>Все теги</translation>
        </message>
        <message>
            <source>New persona</source>
            <translation>Новый персонаж</translation>
        </message>
        <message>
            <source>Name:</source>
            <translation>Имя:</translation>
        </message>
        <message>
            <source>(copy)</source>
            <translation>(копия)</translation>
        </message>
        <message>
            <source>Delete persona</source>
            <translation>Удалить персонажа</translation>
        </message>
        <message numerus="yes">
            <source>%n chat(s) with their labels</source>
            <translation>
                <numerusform>%n чатом и его разметкой</numerusform>
                <numerusform>%n чатами и их разметкой</numerusform>
                <numerusform>%n чатами и их разметкой</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n test question(s)</source>
            <translation>
                <numerusform>%n тестовым вопросом</numerusform>
                <numerusform>%n тестовыми вопросами</numerusform>
                <numerusform>%n тестовыми вопросами</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n test run(s)</source>
            <translation>
                <numerusform>%n прогоном тестов</numerusform>
                <numerusform>%n прогонами тестов</numerusform>
                <numerusform>%n прогонами тестов</numerusform>
            </translation>
        </message>
        <message>
            <source>Delete «%1» with its %2? They cannot be restored.</source>
            <translation>Удалить «%1» вместе с %2? Их нельзя будет восстановить.</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::RetrievalBars</name>
        <message>
            <source>in the top k and above the threshold</source>
            <translation>в первых k и выше порога</translation>
        </message>
        <message>
            <source>pinned by you</source>
            <translation>закреплён вами</translation>
        </message>
        <message>
            <source>excluded by you</source>
            <translation>исключён вами</translation>
        </message>
        <message>
            <source>in the top k but not above the threshold</source>
            <translation>в первых k, но не выше порога</translation>
        </message>
        <message>
            <source>ranked below k</source>
            <translation>ниже k-го места</translation>
        </message>
        <message>
            <source>disabled in the persona</source>
            <translation>отключён в персонаже</translation>
        </message>
        <message>
            <source>#%1 «%2»
score %3 — %4</source>
            <translation>№%1 «%2»
оценка %3 — %4</translation>
        </message>
        <message>
            <source>score</source>
            <translation>оценка</translation>
        </message>
        <message>
            <source> threshold %1</source>
            <translation> порог %1</translation>
        </message>
        <message>
            <source>top-%1 cut</source>
            <translation>граница top-%1</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::RetrievalInspector</name>
        <message>
            <source>Choose «Inspect» under a reply in the chat.</source>
            <translation>Выберите «Разобрать» под ответом в чате.</translation>
        </message>
        <message>
            <source>Scores as used</source>
            <translation>Оценки при ответе</translation>
        </message>
        <message>
            <source>BM25 · bi-encoder · hybrid side by side</source>
            <translation>BM25 · би-энкодер · гибрид рядом</translation>
        </message>
        <message>
            <source>Export plot…</source>
            <translation>Экспорт графика…</translation>
        </message>
        <message>
            <source>Click a bar to pin a fact, again to exclude it, a third time to clear; then regenerate and compare.</source>
            <translation>Щелчок по столбцу закрепляет факт, второй — исключает, третий — снимает; затем перегенерируйте и сравните.</translation>
        </message>
        <message>
            <source>Regenerate with these</source>
            <translation>Перегенерировать с этим</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>Сбросить</translation>
        </message>
        <message>
            <source>Before:</source>
            <translation>До:</translation>
        </message>
        <message>
            <source>After:</source>
            <translation>После:</translation>
        </message>
        <message>
            <source>«%1» — %2, persona revision %3, top-%4</source>
            <translation>«%1» — %2, редакция персонажа %3, top-%4</translation>
        </message>
        <message>
            <source>Rank</source>
            <translation>Место</translation>
        </message>
        <message>
            <source>Fact</source>
            <translation>Факт</translation>
        </message>
        <message>
            <source>Score</source>
            <translation>Оценка</translation>
        </message>
        <message>
            <source>Used</source>
            <translation>Использован</translation>
        </message>
        <message>
            <source>Why</source>
            <translation>Почему</translation>
        </message>
        <message>
            <source>yes</source>
            <translation>да</translation>
        </message>
        <message>
            <source>BM25</source>
            <translation>BM25</translation>
        </message>
        <message>
            <source>bi-encoder</source>
            <translation>би-энкодер</translation>
        </message>
        <message>
            <source>hybrid</source>
            <translation>гибрид</translation>
        </message>
        <message>
            <source>No pinned or excluded facts.</source>
            <translation>Нет закреплённых или исключённых фактов.</translation>
        </message>
        <message>
            <source>Pinned: %1
Excluded: %2</source>
            <translation>Закреплены: %1
Исключены: %2</translation>
        </message>
        <message>
            <source>&lt;p&gt;Writing…&lt;/p&gt;</source>
            <translation>&lt;p&gt;Пишет…&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Table</source>
            <translation>Таблица</translation>
        </message>
        <message>
            <source>Whole chat: facts × replies</source>
            <translation>Весь чат: факты × ответы</translation>
        </message>
        <message>
            <source>Fact influence</source>
            <translation>Влияние фактов</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::SamplerSettingsPage</name>
        <message>
            <source>Penalties and DRY</source>
            <translation>Штрафы и DRY</translation>
        </message>
        <message>
            <source>Subtracted once from the logit of every token already in the penalty window (0 = off)</source>
            <translation>Вычитается один раз из логита каждого токена, который уже есть в окне штрафов (0 — выкл.)</translation>
        </message>
        <message>
            <source>Subtracted from a token's logit once per time it occurs in the penalty window (0 = off)</source>
            <translation>Вычитается из логита токена за каждое его появление в окне штрафов (0 — выкл.)</translation>
        </message>
        <message>
            <source>How many of the last tokens the repetition, presence and frequency penalties look at</source>
            <translation>Сколько последних токенов учитывают штрафы за повтор, присутствие и частоту</translation>
        </message>
        <message>
            <source>all</source>
            <translation>все</translation>
        </message>
        <message>
            <source>DRY ("don't repeat yourself"): when the text's end repeats an earlier stretch, the token that continued it loses multiplier × base^(length − allowed length) (0 = off)</source>
            <translation>DRY («не повторяйся»): если конец текста повторяет более ранний отрезок, токен, который его продолжил, теряет множитель × основание^(длина − допустимая длина) (0 — выкл.)</translation>
        </message>
        <message>
            <source>DRY: how fast the penalty grows with the repeat's length</source>
            <translation>DRY: как быстро штраф растёт с длиной повтора</translation>
        </message>
        <message>
            <source>DRY: repeats up to this many tokens are free</source>
            <translation>DRY: повторы не длиннее стольких токенов не штрафуются</translation>
        </message>
        <message>
            <source>DRY: how many of the last tokens it searches for repeats (all = the whole context)</source>
            <translation>DRY: в скольких последних токенах искать повторы (все — весь контекст)</translation>
        </message>
        <message>
            <source>DRY: a repeat never reaches back past a token holding one of these texts (a JSON list)</source>
            <translation>DRY: повтор не тянется назад дальше токена, содержащего один из этих текстов (список JSON)</translation>
        </message>
        <message>
            <source>&amp;Presence penalty:</source>
            <translation>Штраф за &amp;присутствие:</translation>
        </message>
        <message>
            <source>&amp;Frequency penalty:</source>
            <translation>Штраф за &amp;частоту:</translation>
        </message>
        <message>
            <source>Penalty &amp;window:</source>
            <translation>&amp;Окно штрафов:</translation>
        </message>
        <message>
            <source>DRY &amp;multiplier:</source>
            <translation>DRY: &amp;множитель:</translation>
        </message>
        <message>
            <source>DRY &amp;base:</source>
            <translation>DRY: &amp;основание:</translation>
        </message>
        <message>
            <source>DRY &amp;allowed length:</source>
            <translation>DRY: &amp;допустимая длина:</translation>
        </message>
        <message>
            <source>DRY &amp;range:</source>
            <translation>DRY: &amp;глубина:</translation>
        </message>
        <message>
            <source>DRY &amp;sequence breakers:</source>
            <translation>DRY: &amp;разрыватели:</translation>
        </message>
        <message>
            <source>Truncation</source>
            <translation>Отсечение</translation>
        </message>
        <message>
            <source>Drops every token less probable than min-p × the most probable one (0 = off)</source>
            <translation>Отбрасывает каждый токен, вероятность которого меньше min-p × вероятность лучшего (0 — выкл.)</translation>
        </message>
        <message>
            <source>Locally typical sampling: keeps the tokens whose surprise is closest to the distribution's entropy, up to this mass (1 = off)</source>
            <translation>Локально типичный отбор: оставляет токены, чья неожиданность ближе всего к энтропии распределения, до этой суммарной вероятности (1 — выкл.)</translation>
        </message>
        <message>
            <source>Keeps the logits within n standard deviations of the largest (off at 0 or below)</source>
            <translation>Оставляет логиты в пределах n стандартных отклонений от наибольшего (0 и меньше — выкл.)</translation>
        </message>
        <message>
            <source>off</source>
            <translation>выкл.</translation>
        </message>
        <message>
            <source>XTC (exclude top choices): tokens at least this probable count as top choices</source>
            <translation>XTC (исключение лучших): токены с вероятностью не ниже этой считаются лучшими</translation>
        </message>
        <message>
            <source>XTC: the chance per token that all top choices but the least probable are removed (when two or more reach the threshold; 0 = off)</source>
            <translation>XTC: вероятность на каждом токене убрать все лучшие варианты, кроме наименее вероятного (когда порог достигают два и более; 0 — выкл.)</translation>
        </message>
        <message>
            <source>Added to a token's logit before every other stage: ID+BIAS or ID-BIAS, comma-separated; ID-inf bans the token</source>
            <translation>Прибавляется к логиту токена до всех остальных этапов: ID+СДВИГ или ID-СДВИГ через запятую; ID-inf запрещает токен</translation>
        </message>
        <message>
            <source>M&amp;in-p:</source>
            <translation>M&amp;in-p:</translation>
        </message>
        <message>
            <source>T&amp;ypical-p:</source>
            <translation>T&amp;ypical-p:</translation>
        </message>
        <message>
            <source>Top-n-si&amp;gma:</source>
            <translation>Top-n-si&amp;gma:</translation>
        </message>
        <message>
            <source>XTC t&amp;hreshold:</source>
            <translation>XTC: п&amp;орог:</translation>
        </message>
        <message>
            <source>XTC pr&amp;obability:</source>
            <translation>XTC: &amp;вероятность:</translation>
        </message>
        <message>
            <source>&amp;Logit bias:</source>
            <translation>Сдвиг &amp;логитов:</translation>
        </message>
        <message>
            <source>Dynamic temperature and Mirostat</source>
            <translation>Динамическая температура и Mirostat</translation>
        </message>
        <message>
            <source>Dynamic temperature: the temperature moves within ± this range, higher when the model is unsure (high entropy), lower when it is sure (0 = off)</source>
            <translation>Динамическая температура: температура меняется в пределах ± этого диапазона — выше, когда модель не уверена (высокая энтропия), ниже, когда уверена (0 — выкл.)</translation>
        </message>
        <message>
            <source>Dynamic temperature: how the normalised entropy maps into the range</source>
            <translation>Динамическая температура: как нормированная энтропия переводится в диапазон</translation>
        </message>
        <message>
            <source>Mirostat v2</source>
            <translation>Mirostat v2</translation>
        </message>
        <message>
            <source>Mirostat v2 keeps the text's surprise near tau by cutting tokens more surprising than a learned limit; it replaces top-k, top-p, min-p, typical-p, top-n-sigma and XTC</source>
            <translation>Mirostat v2 держит неожиданность текста около tau, отсекая токены неожиданнее выученного предела; заменяет top-k, top-p, min-p, typical-p, top-n-sigma и XTC</translation>
        </message>
        <message>
            <source>Mirostat: the target surprise in bits (lower: more focused text)</source>
            <translation>Mirostat: целевая неожиданность в битах (меньше — более сосредоточенный текст)</translation>
        </message>
        <message>
            <source>Mirostat: how fast the limit follows the observed surprise</source>
            <translation>Mirostat: как быстро предел следует за наблюдаемой неожиданностью</translation>
        </message>
        <message>
            <source>Temperature ra&amp;nge:</source>
            <translation>Диапазон &amp;температуры:</translation>
        </message>
        <message>
            <source>Temperature e&amp;xponent:</source>
            <translation>Показатель т&amp;емпературы:</translation>
        </message>
        <message>
            <source>Mi&amp;rostat:</source>
            <translation>Mi&amp;rostat:</translation>
        </message>
        <message>
            <source>Mirostat &amp;tau:</source>
            <translation>Mirostat: &amp;tau:</translation>
        </message>
        <message>
            <source>Mirostat &amp;eta:</source>
            <translation>Mirostat: &amp;eta:</translation>
        </message>
        <message>
            <source>Order and presets</source>
            <translation>Порядок и пресеты</translation>
        </message>
        <message>
            <source>The order of the stages, ';'-separated (empty: the default shown). Logit bias, the minimum length and the fact boost always come first; Mirostat and the pick last.</source>
            <translation>Порядок этапов через «;» (пусто — показанный порядок по умолчанию). Сдвиг логитов, минимальная длина и усиление фактов всегда первые; Mirostat и выбор — последние.</translation>
        </message>
        <message>
            <source>&amp;Save preset…</source>
            <translation>&amp;Сохранить пресет…</translation>
        </message>
        <message>
            <source>L&amp;oad preset…</source>
            <translation>&amp;Загрузить пресет…</translation>
        </message>
        <message>
            <source>A preset saved here, or a SillyTavern text-completion preset (the fields that have a stage here)</source>
            <translation>Пресет, сохранённый здесь, или пресет SillyTavern для text completion (поля, для которых здесь есть этап)</translation>
        </message>
        <message>
            <source>Save sampler preset</source>
            <translation>Сохранить пресет сэмплеров</translation>
        </message>
        <message>
            <source>Presets (*.json)</source>
            <translation>Пресеты (*.json)</translation>
        </message>
        <message>
            <source>Load sampler preset</source>
            <translation>Загрузить пресет сэмплеров</translation>
        </message>
        <message>
            <source>Stage or&amp;der:</source>
            <translation>Поря&amp;док этапов:</translation>
        </message>
        <message>
            <source>Imported the SillyTavern preset «%1».</source>
            <translation>Импортирован пресет SillyTavern «%1».</translation>
        </message>
        <message>
            <source>Loaded the preset «%1».</source>
            <translation>Загружен пресет «%1».</translation>
        </message>
        <message>
            <source>Not used (no such stage here): %1.</source>
            <translation>Не использовано (здесь нет такого этапа): %1.</translation>
        </message>
        <message>
            <source>The preset was not loaded: %1</source>
            <translation>Пресет не загружен: %1</translation>
        </message>
        <message>
            <source>Saved the preset to %1.</source>
            <translation>Пресет сохранён в %1.</translation>
        </message>
        <message>
            <source>The preset was not saved: %1</source>
            <translation>Пресет не сохранён: %1</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::SelfPlayDialog</name>
        <message>
            <source>Self-play</source>
            <translation>Самоигра</translation>
        </message>
        <message>
            <source>%1 talks with another persona. The conversation is stored as a chat of %1, with the facts each of them used.</source>
            <translation>%1 разговаривает с другим персонажем. Разговор сохраняется как чат персонажа %1 вместе с фактами, которые использовал каждый.</translation>
        </message>
        <message>
            <source>Partner (speaks first):</source>
            <translation>Собеседник (начинает):</translation>
        </message>
        <message>
            <source> exchanges</source>
            <translation> обменов репликами</translation>
        </message>
        <message>
            <source>Length:</source>
            <translation>Длина:</translation>
        </message>
        <message>
            <source>empty: the partner's model writes it</source>
            <translation>пусто: её напишет модель собеседника</translation>
        </message>
        <message>
            <source>Opening line:</source>
            <translation>Первая реплика:</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Начать</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::SettingsDialog</name>
        <message>
            <source>Models and settings</source>
            <translation>Модели и настройки</translation>
        </message>
        <message>
            <source>Models</source>
            <translation>Модели</translation>
        </message>
        <message>
            <source>Retrieval</source>
            <translation>Поиск фактов</translation>
        </message>
        <message>
            <source>Sampling</source>
            <translation>Генерация</translation>
        </message>
        <message>
            <source>Choose a folder…</source>
            <translation>Выбрать папку…</translation>
        </message>
        <message>
            <source>Model folder</source>
            <translation>Папка модели</translation>
        </message>
        <message>
            <source>bundled demo generator</source>
            <translation>встроенный демо-генератор</translation>
        </message>
        <message>
            <source>A HuggingFace GPT-2 folder (config.json, model.safetensors or pytorch_model.bin, tokenizer)</source>
            <translation>Папка GPT-2 в формате HuggingFace (config.json, model.safetensors или pytorch_model.bin, токенизатор)</translation>
        </message>
        <message>
            <source>bundled demo retriever</source>
            <translation>встроенная демо-модель поиска</translation>
        </message>
        <message>
            <source>A retriever.json folder, a BERT folder or a sentence-transformers folder</source>
            <translation>Папка с retriever.json, папка BERT или sentence-transformers</translation>
        </message>
        <message>
            <source>No bi-encoder: retrieve with BM25 only</source>
            <translation>Без би-энкодера: искать факты только BM25</translation>
        </message>
        <message>
            <source>CPU</source>
            <translation>ЦП</translation>
        </message>
        <message>
            <source>CUDA (GPU)</source>
            <translation>CUDA (видеокарта)</translation>
        </message>
        <message>
            <source>CUDA (not available in this build)</source>
            <translation>CUDA (недоступна в этой сборке)</translation>
        </message>
        <message>
            <source>one per core (%1)</source>
            <translation>по одному на ядро (%1)</translation>
        </message>
        <message>
            <source>Takes effect at the next start</source>
            <translation>Действует со следующего запуска</translation>
        </message>
        <message>
            <source>System</source>
            <translation>Системный</translation>
        </message>
        <message>
            <source>&amp;Generator folder:</source>
            <translation>Папка &amp;генератора:</translation>
        </message>
        <message>
            <source>&amp;Retriever folder:</source>
            <translation>Папка модели &amp;поиска:</translation>
        </message>
        <message>
            <source>&amp;Device:</source>
            <translation>&amp;Устройство:</translation>
        </message>
        <message>
            <source>&amp;Threads:</source>
            <translation>&amp;Потоки:</translation>
        </message>
        <message>
            <source>&amp;Language:</source>
            <translation>&amp;Язык:</translation>
        </message>
        <message>
            <source>none (BM25)</source>
            <translation>нет (BM25)</translation>
        </message>
        <message>
            <source>%1 · %2 dimensions · prefers %3</source>
            <translation>%1 · %2 измерений · предпочитает %3</translation>
        </message>
        <message>
            <source>hybrid</source>
            <translation>гибрид</translation>
        </message>
        <message>
            <source>No models are loaded yet.</source>
            <translation>Модели ещё не загружены.</translation>
        </message>
        <message>
            <source>Automatic (the retriever's preferred method)</source>
            <translation>Автоматически (метод, выбранный для модели поиска)</translation>
        </message>
        <message>
            <source>BM25 (character 4-grams)</source>
            <translation>BM25 (символьные 4-граммы)</translation>
        </message>
        <message>
            <source>Bi-encoder</source>
            <translation>Би-энкодер</translation>
        </message>
        <message>
            <source>Hybrid</source>
            <translation>Гибрид</translation>
        </message>
        <message>
            <source>A fact needs a score above this to be used</source>
            <translation>Факт используется, если его оценка выше этого порога</translation>
        </message>
        <message>
            <source>the retriever's own</source>
            <translation>как у модели поиска</translation>
        </message>
        <message>
            <source>all</source>
            <translation>все</translation>
        </message>
        <message>
            <source>&amp;Method:</source>
            <translation>&amp;Метод:</translation>
        </message>
        <message>
            <source>Facts used (&amp;top-k):</source>
            <translation>Число фактов (&amp;top-k):</translation>
        </message>
        <message>
            <source>Score &amp;threshold:</source>
            <translation>П&amp;орог оценки:</translation>
        </message>
        <message>
            <source>&amp;Context turns (retriever):</source>
            <translation>Реплик в &amp;контексте (поиск):</translation>
        </message>
        <message>
            <source>&amp;History turns (prompt):</source>
            <translation>Реплик в &amp;истории (промпт):</translation>
        </message>
        <message>
            <source>Greedy (always the most probable token)</source>
            <translation>Жадно (всегда самый вероятный токен)</translation>
        </message>
        <message>
            <source>off</source>
            <translation>выкл.</translation>
        </message>
        <message>
            <source>How many alternatives the token inspector keeps per token</source>
            <translation>Сколько альтернатив на токен хранить для инспектора</translation>
        </message>
        <message>
            <source>&amp;Temperature:</source>
            <translation>&amp;Температура:</translation>
        </message>
        <message>
            <source>Top-&amp;k:</source>
            <translation>Top-&amp;k:</translation>
        </message>
        <message>
            <source>Top-&amp;p:</source>
            <translation>Top-&amp;p:</translation>
        </message>
        <message>
            <source>&amp;Repetition penalty:</source>
            <translation>&amp;Штраф за повтор:</translation>
        </message>
        <message>
            <source>&amp;No-repeat n-gram size:</source>
            <translation>&amp;Запрет повтора n-грамм:</translation>
        </message>
        <message>
            <source>Ma&amp;x new tokens:</source>
            <translation>Ма&amp;ксимум токенов:</translation>
        </message>
        <message>
            <source>M&amp;in new tokens:</source>
            <translation>М&amp;инимум токенов:</translation>
        </message>
        <message>
            <source>&amp;Seed:</source>
            <translation>&amp;Зерно:</translation>
        </message>
        <message>
            <source>&amp;Alternatives per token:</source>
            <translation>&amp;Альтернатив на токен:</translation>
        </message>
        <message>
            <source>As stored in the checkpoint</source>
            <translation>Как в чекпойнте</translation>
        </message>
        <message>
            <source>F32</source>
            <translation>F32</translation>
        </message>
        <message>
            <source>F16 (half the bytes)</source>
            <translation>F16 (вдвое меньше байт)</translation>
        </message>
        <message>
            <source>BF16 (half the bytes)</source>
            <translation>BF16 (вдвое меньше байт)</translation>
        </message>
        <message>
            <source>int8 (a quarter of the bytes)</source>
            <translation>int8 (вчетверо меньше байт)</translation>
        </message>
        <message>
            <source>What the generator reads its weights as when it writes a reply on the CPU: fewer bytes decode faster; int8 changes the probabilities slightly</source>
            <translation>В каком виде генератор читает веса, когда пишет ответ на CPU: чем меньше байт, тем быстрее декодирование; int8 слегка меняет вероятности</translation>
        </message>
        <message>
            <source>Decode &amp;weights:</source>
            <translation>&amp;Веса декодера:</translation>
        </message>
        <message>
            <source>&lt;b&gt;Loaded&lt;/b&gt;&lt;br&gt;Generator: %1&lt;br&gt;%2 parameters · vocabulary %3 · context %4 · %5 tokenizer · %6 · %7 · decodes from %8 weights&lt;br&gt;Retriever: %9</source>
            <translation>&lt;b&gt;Загружено&lt;/b&gt;&lt;br&gt;Генератор: %1&lt;br&gt;%2 параметров · словарь %3 · контекст %4 · токенизатор %5 · %6 · %7 · декодирует с весами %8&lt;br&gt;Поиск фактов: %9</translation>
        </message>
        <message>
            <source>model default</source>
            <translation>как в модели</translation>
        </message>
        <message>
            <source>Raises the words of the facts given to the generator, so that a small model restates them (0 = off). The demo generator's default was tuned on held-out replies.</source>
            <translation>Повышает вероятность слов из фактов, переданных генератору, чтобы небольшая модель их пересказывала (0 — выключено). Значение демо-генератора подобрано на отложенных ответах.</translation>
        </message>
        <message>
            <source>&amp;Fact boost:</source>
            <translation>&amp;Усиление фактов:</translation>
        </message>
        <message>
            <source>Sampler chain</source>
            <translation>Цепочка сэмплеров</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::SuiteTables</name>
        <message>
            <source>Question</source>
            <translation>Вопрос</translation>
        </message>
        <message>
            <source>Retrieved facts</source>
            <translation>Найдены</translation>
        </message>
        <message>
            <source>Expected facts</source>
            <translation>Ожидались</translation>
        </message>
        <message>
            <source>Hit</source>
            <translation>Итог</translation>
        </message>
        <message>
            <source>Reply</source>
            <translation>Ответ</translation>
        </message>
        <message>
            <source>Reliance</source>
            <translation>Опора</translation>
        </message>
        <message>
            <source>Top fact (influence)</source>
            <translation>Главный факт</translation>
        </message>
        <message>
            <source>Before</source>
            <translation>До</translation>
        </message>
        <message>
            <source>After</source>
            <translation>После</translation>
        </message>
        <message>
            <source>Change</source>
            <translation>Изменение</translation>
        </message>
        <message>
            <source>✔ hit</source>
            <translation>✔ найден</translation>
        </message>
        <message>
            <source>✘ missed</source>
            <translation>✘ не найден</translation>
        </message>
        <message>
            <source>no expected facts</source>
            <translation>нет ожидаемых фактов</translation>
        </message>
        <message>
            <source>%1 of %2 hit (%3%)</source>
            <translation>найдено %1 из %2 (%3%)</translation>
        </message>
        <message>
            <source>log p(reply | facts) − log p(reply | no facts), nats</source>
            <translation>log p(ответ | факты) − log p(ответ | без фактов), наты</translation>
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation>%1 (%2)</translation>
        </message>
        <message>
            <source>reliance %1</source>
            <translation>опора %1</translation>
        </message>
        <message>
            <source>+ new question</source>
            <translation>+ новый вопрос</translation>
        </message>
        <message>
            <source>− not in this run</source>
            <translation>− нет в этом прогоне</translation>
        </message>
        <message>
            <source>hit → miss</source>
            <translation>найден → не найден</translation>
        </message>
        <message>
            <source>miss → hit</source>
            <translation>не найден → найден</translation>
        </message>
        <message>
            <source>▼ regression: %1</source>
            <translation>▼ регрессия: %1</translation>
        </message>
        <message>
            <source>▲ improvement: %1</source>
            <translation>▲ улучшение: %1</translation>
        </message>
        <message>
            <source>= same</source>
            <translation>= без изменений</translation>
        </message>
        <message>
            <source>= same (%1)</source>
            <translation>= без изменений (%1)</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::SuiteView</name>
        <message>
            <source>Run suite</source>
            <translation>Запустить тесты</translation>
        </message>
        <message>
            <source>Answer every question with the persona's current facts and store the run</source>
            <translation>Ответить на все вопросы с текущими фактами персонажа и сохранить прогон</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Отмена</translation>
        </message>
        <message>
            <source>Self-play…</source>
            <translation>Самоигра…</translation>
        </message>
        <message>
            <source>Let this persona talk with another one; the conversation is stored as a chat</source>
            <translation>Персонаж поговорит с другим; разговор сохранится как чат</translation>
        </message>
        <message>
            <source>Test questions</source>
            <translation>Тестовые вопросы</translation>
        </message>
        <message>
            <source>A question to the persona</source>
            <translation>Вопрос персонажу</translation>
        </message>
        <message>
            <source>It should retrieve these facts:</source>
            <translation>Должен находить эти факты:</translation>
        </message>
        <message>
            <source>Add</source>
            <translation>Добавить</translation>
        </message>
        <message>
            <source>Save</source>
            <translation>Сохранить</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Удалить</translation>
        </message>
        <message>
            <source>Stored runs</source>
            <translation>Сохранённые прогоны</translation>
        </message>
        <message>
            <source>Select two runs to compare them.</source>
            <translation>Выберите два прогона, чтобы сравнить их.</translation>
        </message>
        <message>
            <source>Delete run</source>
            <translation>Удалить прогон</translation>
        </message>
        <message numerus="yes">
            <source>Cancelled after %n question(s); the partial run is not stored.</source>
            <translation>
                <numerusform>Отменено после %n вопроса; неполный прогон не сохранён.</numerusform>
                <numerusform>Отменено после %n вопросов; неполный прогон не сохранён.</numerusform>
                <numerusform>Отменено после %n вопросов; неполный прогон не сохранён.</numerusform>
            </translation>
        </message>
        <message>
            <source>Run stored: %1.</source>
            <translation>Прогон сохранён: %1.</translation>
        </message>
        <message numerus="yes">
            <source>Self-play stopped; its %n line(s) are stored as a chat.</source>
            <translation>
                <numerusform>Самоигра остановлена; её %n реплика сохранена как чат.</numerusform>
                <numerusform>Самоигра остановлена; её %n реплики сохранены как чат.</numerusform>
                <numerusform>Самоигра остановлена; её %n реплик сохранены как чат.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Self-play stored as a chat of %n line(s) (see the Chat tab).</source>
            <translation>
                <numerusform>Самоигра сохранена как чат из %n реплики (см. вкладку «Чат»).</numerusform>
                <numerusform>Самоигра сохранена как чат из %n реплик (см. вкладку «Чат»).</numerusform>
                <numerusform>Самоигра сохранена как чат из %n реплик (см. вкладку «Чат»).</numerusform>
            </translation>
        </message>
        <message>
            <source>Failed: %1</source>
            <translation>Ошибка: %1</translation>
        </message>
        <message>
            <source>Tests of %1</source>
            <translation>Тесты персонажа %1</translation>
        </message>
        <message>
            <source>Select a persona to see its tests.</source>
            <translation>Выберите персонажа, чтобы увидеть его тесты.</translation>
        </message>
        <message>
            <source>%1 (disabled)</source>
            <translation>%1 (выключен)</translation>
        </message>
        <message numerus="yes">
            <source>expects %n fact(s)</source>
            <translation>
                <numerusform>ожидается %n факт</numerusform>
                <numerusform>ожидается %n факта</numerusform>
                <numerusform>ожидается %n фактов</numerusform>
            </translation>
        </message>
        <message>
            <source>Run %1 · revision %2 · %3 · %4</source>
            <translation>Прогон %1 · редакция %2 · %3 · %4</translation>
        </message>
        <message>
            <source>generator: %1
retriever: %2</source>
            <translation>генератор: %1
поиск фактов: %2</translation>
        </message>
        <message>
            <source>No stored runs yet: add questions, then Run suite.</source>
            <translation>Сохранённых прогонов пока нет: добавьте вопросы и нажмите «Запустить тесты».</translation>
        </message>
        <message>
            <source>Run %1 (revision %2): %3</source>
            <translation>Прогон %1 (редакция %2): %3</translation>
        </message>
        <message numerus="yes">
            <source>Run %1 (revision %2) → run %3 (revision %4): %n regression(s)</source>
            <translation>
                <numerusform>Прогон %1 (редакция %2) → прогон %3 (редакция %4): %n регрессия</numerusform>
                <numerusform>Прогон %1 (редакция %2) → прогон %3 (редакция %4): %n регрессии</numerusform>
                <numerusform>Прогон %1 (редакция %2) → прогон %3 (редакция %4): %n регрессий</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n improvement(s)</source>
            <translation>
                <numerusform>%n улучшение</numerusform>
                <numerusform>%n улучшения</numerusform>
                <numerusform>%n улучшений</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 (not in the current revision)</source>
            <translation>%1 (нет в текущей редакции)</translation>
        </message>
        <message>
            <source>Type a question first.</source>
            <translation>Сначала введите вопрос.</translation>
        </message>
        <message>
            <source>Question added.</source>
            <translation>Вопрос добавлен.</translation>
        </message>
        <message>
            <source>Select a question to save.</source>
            <translation>Выберите вопрос, который нужно сохранить.</translation>
        </message>
        <message>
            <source>Question saved.</source>
            <translation>Вопрос сохранён.</translation>
        </message>
        <message>
            <source>Select a question to remove.</source>
            <translation>Выберите вопрос, который нужно удалить.</translation>
        </message>
        <message>
            <source>The models are still loading.</source>
            <translation>Модели ещё загружаются.</translation>
        </message>
        <message>
            <source>Add a test question first.</source>
            <translation>Сначала добавьте тестовый вопрос.</translation>
        </message>
        <message numerus="yes">
            <source>Running %n question(s)…</source>
            <translation>
                <numerusform>Выполняется %n вопрос…</numerusform>
                <numerusform>Выполняются %n вопроса…</numerusform>
                <numerusform>Выполняются %n вопросов…</numerusform>
            </translation>
        </message>
        <message>
            <source>Running with the current revision…</source>
            <translation>Прогон с текущей редакцией…</translation>
        </message>
        <message numerus="yes">
            <source>Self-play: %1 and %2, %n exchange(s)…</source>
            <translation>
                <numerusform>Самоигра: %1 и %2, %n обмен репликами…</numerusform>
                <numerusform>Самоигра: %1 и %2, %n обмена репликами…</numerusform>
                <numerusform>Самоигра: %1 и %2, %n обменов репликами…</numerusform>
            </translation>
        </message>
        <message>
            <source>Self-play: %1 × %2</source>
            <translation>Самоигра: %1 × %2</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::TokenInspector</name>
        <message>
            <source>Choose «Inspect» under a reply in the chat.</source>
            <translation>Выберите «Разобрать» под ответом в чате.</translation>
        </message>
        <message>
            <source>Tint: &lt;span style="background:%1"&gt;&amp;nbsp;unlikely&amp;nbsp;&lt;/span&gt; &lt;span style="background:%2"&gt;&amp;nbsp;even&amp;nbsp;&lt;/span&gt; &lt;span style="background:%3"&gt;&amp;nbsp;likely&amp;nbsp;&lt;/span&gt; · &lt;u&gt;underlined&lt;/u&gt;: sampled outside the stored alternatives · click a token</source>
            <translation>Цвет: &lt;span style="background:%1"&gt;&amp;nbsp;маловероятный&amp;nbsp;&lt;/span&gt; &lt;span style="background:%2"&gt;&amp;nbsp;средний&amp;nbsp;&lt;/span&gt; &lt;span style="background:%3"&gt;&amp;nbsp;вероятный&amp;nbsp;&lt;/span&gt; · &lt;u&gt;подчёркнут&lt;/u&gt;: выбран вне сохранённых альтернатив · щёлкните токен</translation>
        </message>
        <message>
            <source>Continue from here with this token</source>
            <translation>Продолжить отсюда с этим токеном</translation>
        </message>
        <message>
            <source>Export plot…</source>
            <translation>Экспорт графика…</translation>
        </message>
        <message numerus="yes">
            <source>%n generated token(s), with the model's probability and its best alternatives</source>
            <translation>
                <numerusform>%n сгенерированный токен с вероятностью по модели и лучшими альтернативами</numerusform>
                <numerusform>%n сгенерированных токена с вероятностью по модели и лучшими альтернативами</numerusform>
                <numerusform>%n сгенерированных токенов с вероятностью по модели и лучшими альтернативами</numerusform>
            </translation>
        </message>
        <message>
            <source>p = %1 · rank %2 · entropy %3</source>
            <translation>p = %1 · место %2 · энтропия %3</translation>
        </message>
        <message>
            <source>outside</source>
            <translation>вне списка</translation>
        </message>
        <message>
            <source>Rank</source>
            <translation>Место</translation>
        </message>
        <message>
            <source>Token</source>
            <translation>Токен</translation>
        </message>
        <message>
            <source>  (chosen)</source>
            <translation>  (выбран)</translation>
        </message>
        <message>
            <source>probabilities from %1 weights</source>
            <translation>вероятности получены с весами %1</translation>
        </message>
        <message>
            <source>logit bias</source>
            <translation>сдвиг логитов</translation>
        </message>
        <message>
            <source>the minimum length</source>
            <translation>минимальная длина</translation>
        </message>
        <message>
            <source>fact boost</source>
            <translation>усиление фактов</translation>
        </message>
        <message>
            <source>repetition penalties</source>
            <translation>штрафы за повтор</translation>
        </message>
        <message>
            <source>the n-gram ban</source>
            <translation>запрет n-грамм</translation>
        </message>
        <message>
            <source>DRY</source>
            <translation>DRY</translation>
        </message>
        <message>
            <source>temperature</source>
            <translation>температура</translation>
        </message>
        <message>
            <source>top-k</source>
            <translation>top-k</translation>
        </message>
        <message>
            <source>top-p</source>
            <translation>top-p</translation>
        </message>
        <message>
            <source>min-p</source>
            <translation>min-p</translation>
        </message>
        <message>
            <source>typical-p</source>
            <translation>typical-p</translation>
        </message>
        <message>
            <source>top-n-sigma</source>
            <translation>top-n-sigma</translation>
        </message>
        <message>
            <source>XTC</source>
            <translation>XTC</translation>
        </message>
        <message>
            <source>Mirostat</source>
            <translation>Mirostat</translation>
        </message>
        <message>
            <source>penalized by %1 %2</source>
            <translation>оштрафован: %1 %2</translation>
        </message>
        <message>
            <source>raised by %1 %2</source>
            <translation>поднят: %1 %2</translation>
        </message>
        <message>
            <source>cut by %1</source>
            <translation>отсечён: %1</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Модель</translation>
        </message>
        <message>
            <source>After</source>
            <translation>После</translation>
        </message>
        <message>
            <source>Sampler</source>
            <translation>Сэмплер</translation>
        </message>
        <message>
            <source>The model's own probability (before the sampler chain)</source>
            <translation>Вероятность по самой модели (до цепочки сэмплеров)</translation>
        </message>
        <message>
            <source>The probability in the distribution the token was drawn from</source>
            <translation>Вероятность в распределении, из которого выбран токен</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::TokenProbabilityPlot</name>
        <message>
            <source>probability of the chosen token</source>
            <translation>вероятность выбранного токена</translation>
        </message>
        <message>
            <source>entropy, nats (top alternatives + rest)</source>
            <translation>энтропия, нат (лучшие альтернативы + остаток)</translation>
        </message>
        <message>
            <source>step</source>
            <translation>шаг</translation>
        </message>
        <message>
            <source>probability</source>
            <translation>вероятность</translation>
        </message>
        <message>
            <source>entropy</source>
            <translation>энтропия</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::TrainingView</name>
        <message>
            <source>Pick the data and the model, then Start.</source>
            <translation>Выберите данные и модель, затем нажмите «Начать».</translation>
        </message>
        <message>
            <source>Data</source>
            <translation>Данные</translation>
        </message>
        <message>
            <source>Labelled chats in the store</source>
            <translation>Размеченные чаты из базы</translation>
        </message>
        <message>
            <source>Only the selected persona's chats</source>
            <translation>Только чаты выбранного персонажа</translation>
        </message>
        <message>
            <source>Add seed JSONL…</source>
            <translation>Добавить seed JSONL…</translation>
        </message>
        <message>
            <source>Remove</source>
            <translation>Удалить</translation>
        </message>
        <message>
            <source>Seed dialogue files:</source>
            <translation>Файлы диалогов seed:</translation>
        </message>
        <message>
            <source>Add seed dialogues</source>
            <translation>Добавить диалоги seed</translation>
        </message>
        <message>
            <source>Seed dialogues (*.jsonl);;All files (*)</source>
            <translation>Диалоги seed (*.jsonl);;Все файлы (*)</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Модель</translation>
        </message>
        <message>
            <source>Generator (writes the replies)</source>
            <translation>Генератор (пишет ответы)</translation>
        </message>
        <message>
            <source>Retriever (picks the facts)</source>
            <translation>Ретривер (выбирает факты)</translation>
        </message>
        <message>
            <source>Fine-tune the current model</source>
            <translation>Дообучить текущую модель</translation>
        </message>
        <message>
            <source>From scratch (tiny test model)</source>
            <translation>С нуля (крошечная тестовая модель)</translation>
        </message>
        <message>
            <source>Train:</source>
            <translation>Обучать:</translation>
        </message>
        <message>
            <source>Start from:</source>
            <translation>Начать с:</translation>
        </message>
        <message>
            <source>Current model:</source>
            <translation>Текущая модель:</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>Настройки</translation>
        </message>
        <message>
            <source>all epochs</source>
            <translation>все эпохи</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>Обзор…</translation>
        </message>
        <message>
            <source>Epochs:</source>
            <translation>Эпох:</translation>
        </message>
        <message>
            <source>Batch size:</source>
            <translation>Размер батча:</translation>
        </message>
        <message>
            <source>Learning rate:</source>
            <translation>Скорость обучения:</translation>
        </message>
        <message>
            <source>Max steps:</source>
            <translation>Не больше шагов:</translation>
        </message>
        <message>
            <source>Output folder:</source>
            <translation>Папка результата:</translation>
        </message>
        <message>
            <source>Output folder</source>
            <translation>Папка результата</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>Начать</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>Отмена</translation>
        </message>
        <message>
            <source>Resume</source>
            <translation>Продолжить</translation>
        </message>
        <message>
            <source>Open run…</source>
            <translation>Открыть запуск…</translation>
        </message>
        <message>
            <source>Export plot…</source>
            <translation>Экспорт графика…</translation>
        </message>
        <message>
            <source>Stop after the current step; the checkpoint is saved and Resume continues from it.</source>
            <translation>Остановить после текущего шага; контрольная точка сохраняется, «Продолжить» продолжит с неё.</translation>
        </message>
        <message>
            <source>Open a training run</source>
            <translation>Открыть запуск обучения</translation>
        </message>
        <message>
            <source>Validation split</source>
            <translation>Валидационная часть</translation>
        </message>
        <message>
            <source>Current model</source>
            <translation>Текущая модель</translation>
        </message>
        <message>
            <source>New model</source>
            <translation>Новая модель</translation>
        </message>
        <message>
            <source>Use this model</source>
            <translation>Использовать эту модель</translation>
        </message>
        <message>
            <source>Point the app's settings at the new model and reload the models.</source>
            <translation>Указать новую модель в настройках приложения и перезагрузить модели.</translation>
        </message>
        <message>
            <source>The output folder already holds a training run: open it and Resume, or choose another folder.</source>
            <translation>В папке результата уже есть запуск обучения: откройте его и продолжите или выберите другую папку.</translation>
        </message>
        <message>
            <source>Choose an output folder.</source>
            <translation>Выберите папку для результата.</translation>
        </message>
        <message>
            <source>No training data: tick the labelled chats or add seed JSONL files.</source>
            <translation>Нет данных для обучения: отметьте размеченные чаты или добавьте файлы seed JSONL.</translation>
        </message>
        <message>
            <source>No current model to start from: choose one in Models and settings.</source>
            <translation>Нет текущей модели, с которой начать: выберите её в «Модели и настройки».</translation>
        </message>
        <message>
            <source>Resuming…</source>
            <translation>Продолжение…</translation>
        </message>
        <message>
            <source>Preparing the data…</source>
            <translation>Подготовка данных…</translation>
        </message>
        <message>
            <source>Cancelling: saving a checkpoint…</source>
            <translation>Отмена: сохраняется контрольная точка…</translation>
        </message>
        <message>
            <source>%1 is not a training run of this app (no training_request.json or train_log.jsonl).</source>
            <translation>%1 — не запуск обучения этого приложения (нет training_request.json или train_log.jsonl).</translation>
        </message>
        <message numerus="yes">
            <source>Opened %1: %n step(s) in the log.</source>
            <translation>
                <numerusform>Открыт %1: %n шаг в журнале.</numerusform>
                <numerusform>Открыт %1: %n шага в журнале.</numerusform>
                <numerusform>Открыт %1: %n шагов в журнале.</numerusform>
            </translation>
        </message>
        <message>
            <source>Epoch %1 of %2 evaluated: %3</source>
            <translation>Эпоха %1 из %2 оценена: %3</translation>
        </message>
        <message>
            <source>Step %1 of %2 · epoch %3 of %4 · loss %5 · elapsed %6 · ETA %7</source>
            <translation>Шаг %1 из %2 · эпоха %3 из %4 · потери %5 · прошло %6 · осталось %7</translation>
        </message>
        <message>
            <source>Cancelled after step %1; the checkpoint is saved in %2. Resume continues from it.</source>
            <translation>Отменено после шага %1; контрольная точка сохранена в %2. «Продолжить» продолжит с неё.</translation>
        </message>
        <message numerus="yes">
            <source>Finished: %n step(s) in %1. The model is in %2.</source>
            <translation>
                <numerusform>Готово: %n шаг за %1. Модель в %2.</numerusform>
                <numerusform>Готово: %n шага за %1. Модель в %2.</numerusform>
                <numerusform>Готово: %n шагов за %1. Модель в %2.</numerusform>
            </translation>
        </message>
        <message>
            <source>Training failed: %1</source>
            <translation>Обучение не удалось: %1</translation>
        </message>
        <message>
            <source>Reply loss (nats per token)</source>
            <translation>Потери на ответах, нат/токен</translation>
        </message>
        <message>
            <source>Perplexity</source>
            <translation>Перплексия</translation>
        </message>
        <message>
            <source>MRR</source>
            <translation>MRR</translation>
        </message>
        <message>
            <source>Recall@1</source>
            <translation>Recall@1</translation>
        </message>
        <message>
            <source>Recall@3</source>
            <translation>Recall@3</translation>
        </message>
        <message>
            <source>Recall@5</source>
            <translation>Recall@5</translation>
        </message>
        <message>
            <source>Validation replies</source>
            <translation>Ответов в валидации</translation>
        </message>
        <message>
            <source>Validation turns</source>
            <translation>Реплик в валидации</translation>
        </message>
        <message>
            <source>validation loss</source>
            <translation>потери на валидации</translation>
        </message>
        <message>
            <source>validation MRR</source>
            <translation>MRR на валидации</translation>
        </message>
        <message>
            <source>The app now uses %1; the models are reloading.</source>
            <translation>Приложение теперь использует %1; модели перезагружаются.</translation>
        </message>
        <message>
            <source>%1 is not a training run of this app: training_request.json is not a JSON object (%2 at byte %3).</source>
            <translation>%1 — не запуск обучения этого приложения: training_request.json не JSON-объект (%2, байт %3).</translation>
        </message>
        <message>
            <source>another JSON value</source>
            <translation>другое значение JSON</translation>
        </message>
    </context>
    <context>
        <name>persona::ui::ValidationView</name>
        <message>
            <source>bi-encoder</source>
            <translation>би-энкодер</translation>
        </message>
        <message>
            <source>hybrid</source>
            <translation>гибрид</translation>
        </message>
        <message>
            <source>Could not compute the metrics: %1</source>
            <translation>Не удалось посчитать метрики: %1</translation>
        </message>
        <message>
            <source>This chat</source>
            <translation>Этот чат</translation>
        </message>
        <message>
            <source>This persona</source>
            <translation>Этот персонаж</translation>
        </message>
        <message>
            <source>All chats</source>
            <translation>Все чаты</translation>
        </message>
        <message>
            <source>precision@k</source>
            <translation>точность@k</translation>
        </message>
        <message>
            <source>recall@k</source>
            <translation>полнота@k</translation>
        </message>
        <message>
            <source>MRR</source>
            <translation>MRR</translation>
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation>&amp;Обновить</translation>
        </message>
        <message>
            <source>Scope:</source>
            <translation>Охват:</translation>
        </message>
        <message>
            <source>k:</source>
            <translation>k:</translation>
        </message>
        <message>
            <source>Plot:</source>
            <translation>График:</translation>
        </message>
        <message>
            <source>Method</source>
            <translation>Метод</translation>
        </message>
        <message>
            <source>Labelled turns</source>
            <translation>Размеченных реплик</translation>
        </message>
        <message>
            <source>Precision@k</source>
            <translation>Точность@k</translation>
        </message>
        <message>
            <source>Recall@k</source>
            <translation>Полнота@k</translation>
        </message>
        <message>
            <source>Persona</source>
            <translation>Персонаж</translation>
        </message>
        <message>
            <source>Rated</source>
            <translation>Оценено</translation>
        </message>
        <message>
            <source>Logical</source>
            <translation>Логичный</translation>
        </message>
        <message>
            <source>Specific</source>
            <translation>Конкретный</translation>
        </message>
        <message>
            <source>Personal</source>
            <translation>Личный</translation>
        </message>
        <message>
            <source>Model</source>
            <translation>Модель</translation>
        </message>
        <message>
            <source>Export seed &amp;JSONL…</source>
            <translation>Экспорт в seed &amp;JSONL…</translation>
        </message>
        <message>
            <source>The scope's labelled chats, as persona-cli train reads them</source>
            <translation>Размеченные чаты охвата в формате, который читает persona-cli train</translation>
        </message>
        <message>
            <source>Export &amp;Markdown…</source>
            <translation>Экспорт в &amp;Markdown…</translation>
        </message>
        <message>
            <source>The scope's labelled chats with the facts used per turn</source>
            <translation>Размеченные чаты охвата с фактами каждой реплики</translation>
        </message>
        <message>
            <source>Export &amp;plot…</source>
            <translation>Экспорт &amp;графика…</translation>
        </message>
        <message>
            <source>PNG or PDF</source>
            <translation>PNG или PDF</translation>
        </message>
        <message>
            <source>Retriever against the labeller's choices</source>
            <translation>Поиск фактов против выбора разметчика</translation>
        </message>
        <message>
            <source>Mean ratings (share of replies marked yes)</source>
            <translation>Средние оценки (доля ответов с отметкой «да»)</translation>
        </message>
        <message>
            <source>No rated replies here yet: in validation mode, mark a reply after it is written (or press "Rate" under an older one).</source>
            <translation>Оценённых ответов пока нет: в режиме разметки отметьте ответ после того, как он написан (или нажмите «Оценить» под более старым).</translation>
        </message>
        <message>
            <source>No chat is open.</source>
            <translation>Чат не открыт.</translation>
        </message>
        <message>
            <source>No persona is selected.</source>
            <translation>Персонаж не выбран.</translation>
        </message>
        <message>
            <source>Computing…</source>
            <translation>Считаю…</translation>
        </message>
        <message>
            <source>No labelled turns here yet: turn on validation mode in a chat and tick the facts of a reply.</source>
            <translation>Размеченных реплик пока нет: включите режим разметки в чате и отметьте факты ответа.</translation>
        </message>
        <message numerus="yes">
            <source>%n labelled turn(s). BM25 only: no bi-encoder is loaded.</source>
            <translation>
                <numerusform>%n размеченная реплика. Только BM25: би-энкодер не загружен.</numerusform>
                <numerusform>%n размеченные реплики. Только BM25: би-энкодер не загружен.</numerusform>
                <numerusform>%n размеченных реплик. Только BM25: би-энкодер не загружен.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n labelled turn(s).</source>
            <translation>
                <numerusform>%n размеченная реплика.</numerusform>
                <numerusform>%n размеченные реплики.</numerusform>
                <numerusform>%n размеченных реплик.</numerusform>
            </translation>
        </message>
        <message>
            <source>Precision@%1</source>
            <translation>Точность@%1</translation>
        </message>
        <message>
            <source>Recall@%1</source>
            <translation>Полнота@%1</translation>
        </message>
        <message>
            <source>(no model: imported or typed)</source>
            <translation>(без модели: импорт или ввод)</translation>
        </message>
        <message>
            <source>labelled turns, in order</source>
            <translation>размеченные реплики по порядку</translation>
        </message>
        <message>
            <source>%1, running mean</source>
            <translation>%1, скользящее среднее</translation>
        </message>
        <message>
            <source>There are no chats in this scope.</source>
            <translation>В этом охвате нет чатов.</translation>
        </message>
        <message numerus="yes">
            <source>Wrote %1: %n chat(s)</source>
            <translation>
                <numerusform>Записан %1: %n чат</numerusform>
                <numerusform>Записан %1: %n чата</numerusform>
                <numerusform>Записан %1: %n чатов</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>, %n label(s).</source>
            <translation>
                <numerusform>, %n метка.</numerusform>
                <numerusform>, %n метки.</numerusform>
                <numerusform>, %n меток.</numerusform>
            </translation>
        </message>
        <message>
            <source>Export failed.</source>
            <translation>Экспорт не удался.</translation>
        </message>
        <message>
            <source>Export chats as Markdown</source>
            <translation>Экспорт чатов в Markdown</translation>
        </message>
        <message>
            <source>Export labelled chats as seed JSONL</source>
            <translation>Экспорт размеченных чатов в seed JSONL</translation>
        </message>
        <message>
            <source>Markdown (*.md)</source>
            <translation>Markdown (*.md)</translation>
        </message>
        <message>
            <source>Seed JSONL (*.jsonl)</source>
            <translation>Seed JSONL (*.jsonl)</translation>
        </message>
        <message>
            <source>BM25, character n-grams only</source>
            <translation>BM25, только n-граммы символов</translation>
        </message>
        <message>
            <source>BM25, stemmed words only</source>
            <translation>BM25, только основы слов</translation>
        </message>
        <message>
            <source>BM25 (n-grams + stemmed words)</source>
            <translation>BM25 (n-граммы + основы слов)</translation>
        </message>
    </context>
</TS>
