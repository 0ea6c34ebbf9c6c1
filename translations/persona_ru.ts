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
        <message>
            <source>Nothing from this file was imported.

%1</source>
            <translation>Из этого файла ничего не импортировано.

%1</translation>
        </message>
        <message>
            <source>Import failed: %1</source>
            <translation>Импорт не удался: %1</translation>
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
            <source>generator %1M parameters · %2 · %3 · retriever %4</source>
            <translation>генератор %1 млн параметров · %2 · %3 · поиск фактов: %4</translation>
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
            <source>Delete «%1» with its %n chat(s)? Chats and their labels cannot be restored.</source>
            <translation>
                <numerusform>Удалить «%1» вместе с %n чатом? Чаты и их разметку нельзя будет восстановить.</numerusform>
                <numerusform>Удалить «%1» вместе с %n чатами? Чаты и их разметку нельзя будет восстановить.</numerusform>
                <numerusform>Удалить «%1» вместе с %n чатами? Чаты и их разметку нельзя будет восстановить.</numerusform>
            </translation>
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
            <source>&lt;b&gt;Loaded&lt;/b&gt;&lt;br&gt;Generator: %1&lt;br&gt;%2 parameters · vocabulary %3 · context %4 · %5 tokenizer · %6 · %7&lt;br&gt;Retriever: %8</source>
            <translation>&lt;b&gt;Загружено&lt;/b&gt;&lt;br&gt;Генератор: %1&lt;br&gt;%2 параметров · словарь %3 · контекст %4 · токенизатор %5 · %6 · %7&lt;br&gt;Поиск фактов: %8</translation>
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
            <source>Probability</source>
            <translation>Вероятность</translation>
        </message>
        <message>
            <source>  (chosen)</source>
            <translation>  (выбран)</translation>
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
</TS>
