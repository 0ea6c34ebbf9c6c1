<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
    <context>
        <name>ChatWorker</name>
        <message>
            <source>The models are still loading.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>QObject</name>
        <message>
            <source>delete persona %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Persona Studio</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export plot</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>PNG image (*.png);;PDF document (*.pdf)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Copy as TSV</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Copy all as TSV</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::ChatTranscript</name>
        <message>
            <source>rev %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>stopped</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no facts used</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>facts: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Edit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Edit and send again (a new branch)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Regenerate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Another reply to the same message</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Inspect</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Show this reply in the inspectors</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>You</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New facts the model stated:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>✓ approve</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>✕ reject</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No reply.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Retry</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>writing…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Previous alternative</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Next alternative</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Show earlier messages (%n hidden)</source>
            <translation>
                <numerusform>Show earlier messages (%n hidden)</numerusform>
                <numerusform>Show earlier messages (%n hidden)</numerusform>
            </translation>
        </message>
        <message>
            <source>Older messages of this chat are not drawn, so that a long chat opens fast</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>facts chosen by the labeller</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>logical</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>specific</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>personal</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mark it logical, specific, personal</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::ChatView</name>
        <message>
            <source>New chat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rename…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Chat:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Facts (edits count from the next reply)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add a fact and press Enter</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Write a message… (Ctrl+Enter sends, Esc stops)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Send</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Send (Ctrl+Enter)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop the reply (Esc)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Regenerate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Chat %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rename chat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Title:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete chat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete this chat with all its messages and labels? This cannot be undone.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;p&gt;No chat yet. Press &lt;b&gt;New chat&lt;/b&gt; or just write a message.&lt;/p&gt;</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Loading models…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No models loaded: see Settings.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Thinking…</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n token(s)…</source>
            <translation>
                <numerusform>%n token…</numerusform>
                <numerusform>%n tokens…</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n token(s) · %1 ms to the first token</source>
            <translation>
                <numerusform>%n token · %1 ms to the first token</numerusform>
                <numerusform>%n tokens · %1 ms to the first token</numerusform>
            </translation>
        </message>
        <message>
            <source>Stopped before the reply began.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Failed: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Edit message</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The edited message starts a new branch:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The message is %1 KB long; the limit is %2 KB. Shorten it or send it in parts.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not score the facts: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Validation mode</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>For this chat: choose the facts of each reply before it is written and rate it after</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Scoring the facts…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tick the facts the reply should use, then press Ctrl+Enter.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rating saved.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::FactHeatmap</name>
        <message>
            <source>reply</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::FactTableModel</name>
        <message>
            <source>add fact</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>delete %n fact(s)</source>
            <translation>
                <numerusform>delete %n fact</numerusform>
                <numerusform>delete %n facts</numerusform>
            </translation>
        </message>
        <message>
            <source>move fact</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>enable fact</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>disable fact</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>typed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>imported</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>proposed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>approved</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Used by the agent when checked</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>On</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fact</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Origin</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>edit fact</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>not used yet</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n×</source>
            <translation>
                <numerusform>%n×</numerusform>
                <numerusform>%n×</numerusform>
            </translation>
        </message>
        <message>
            <source>No reply of this persona has scored this fact yet.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Selected by the retriever in %1 of %n repl(ies) that scored it.</source>
            <translation>
                <numerusform>Selected by the retriever in %1 of %n repl(ies) that scored it.</numerusform>
                <numerusform>Selected by the retriever in %1 of %n repl(ies) that scored it.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Mean influence %1 nats over %n repl(ies) with a computed influence (the drop in the reply's log-probability without the fact).</source>
            <translation>
                <numerusform>Mean influence %1 nats over %n repl(ies) with a computed influence (the drop in the reply's log-probability without the fact).</numerusform>
                <numerusform>Mean influence %1 nats over %n repl(ies) with a computed influence (the drop in the reply's log-probability without the fact).</numerusform>
            </translation>
        </message>
        <message>
            <source>Influence not computed yet: open a reply in the Retrieval inspector.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Used · influence</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::InfluencePanel</name>
        <message>
            <source>Influence: how much each used fact raised the reply's log-probability (reply held fixed).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Computing the influence of each fact…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>log p(reply): %1 with the facts used, %2 with none — persona reliance %3 nats</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fact</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Score</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Influence, nats</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>log p without it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>retrieved but ignored</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>influential but ranked low</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>retrieval score</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>influence, nats</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tokens this fact drives most: %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::LabelPanel</name>
        <message>
            <source>Validation mode: before each reply you choose the facts it uses (they are stored as the turn's labels); after it you mark it logical, specific and personal.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;b&gt;Which facts should the reply use?&lt;/b&gt; Ticked facts go into the prompt and are stored as this turn's labels. Digits toggle rows; Ctrl+Enter confirms.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Use</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rank</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fact</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Score</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Use ticked facts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Send with exactly these facts (Ctrl+Enter)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Logical</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The reply follows from the conversation</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Specific</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The reply says something concrete, not a generic phrase</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Personal</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The reply uses the persona's facts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Comment (optional)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save rating</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Store the marks with the reply (Ctrl+Enter)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;b&gt;Rate the reply&lt;/b&gt; (rated; saving replaces the marks)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;b&gt;Rate the reply:&lt;/b&gt; tick what holds, then Ctrl+Enter</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::LossPlot</name>
        <message>
            <source>train loss (per step)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>train loss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>validation loss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (per epoch)</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::MainWindow</name>
        <message>
            <source>Persona Studio</source>
            <translation />
        </message>
        <message numerus="yes">
            <source>libtorch %1 · %2 · %n thread(s)</source>
            <translation>
                <numerusform>libtorch %1 · %2 · %n thread</numerusform>
                <numerusform>libtorch %1 · %2 · %n threads</numerusform>
            </translation>
        </message>
        <message>
            <source>CUDA</source>
            <translation />
        </message>
        <message>
            <source>CPU</source>
            <translation />
        </message>
        <message>
            <source>&amp;File</source>
            <translation />
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation />
        </message>
        <message>
            <source>&amp;Help</source>
            <translation />
        </message>
        <message>
            <source>&amp;About Persona Studio</source>
            <translation />
        </message>
        <message>
            <source>About Persona Studio</source>
            <translation />
        </message>
        <message>
            <source>Loading models…</source>
            <translation />
        </message>
        <message>
            <source>Models ready: %1</source>
            <translation />
        </message>
        <message>
            <source>Personas</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Persona</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Chat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Retrieval</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tokens</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;New persona…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Import…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export persona as &amp;card…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ctrl+E</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export &amp;chats as JSONL…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Models and settings…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ctrl+,</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Edit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Undo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Redo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ctrl+Shift+Z</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Duplicate persona</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>De&amp;lete persona</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Find persona</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Chat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;New chat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ctrl+T</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Regenerate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ctrl+R</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Stop</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ctrl+.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;View</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Persona</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Retrieval</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Tokens</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Language</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>System</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Models not loaded</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not load the models</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The language changes at the next start.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Import</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Personas and dialogues (*.jsonl *.tsv *.json *.png);;All files (*)</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Importing %n file(s)…</source>
            <translation>
                <numerusform>Importing %n file…</numerusform>
                <numerusform>Importing %n files…</numerusform>
            </translation>
        </message>
        <message>
            <source>Import failed</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Imported %n persona(s).</source>
            <translation>
                <numerusform>Imported %n persona.</numerusform>
                <numerusform>Imported %n personas.</numerusform>
            </translation>
        </message>
        <message>
            <source>Export persona</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Character card PNG (*.png);;Character card JSON (*.json)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Exported to %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export chats</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seed dialogues (*.jsonl)</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Exported %n chat(s) to %1</source>
            <translation>
                <numerusform>Exported %n chat to %1</numerusform>
                <numerusform>Exported %n chats to %1</numerusform>
            </translation>
        </message>
        <message>
            <source>&lt;b&gt;%1&lt;/b&gt;&lt;p&gt;Author persona-grounded chatbots and test them live.&lt;/p&gt;&lt;p&gt;Database: %2&lt;/p&gt;</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>T&amp;heme</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Light</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Dark</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Validation</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tests</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Training</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Validation</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>T&amp;ests</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Trai&amp;ning</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Markdown with the facts used per turn (*.md)</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%1: imported %n persona(s).</source>
            <translation>
                <numerusform>%1: imported %n persona.</numerusform>
                <numerusform>%1: imported %n personas.</numerusform>
            </translation>
        </message>
        <message>
            <source>%1: nothing imported. %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Import: %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::ModelLoader</name>
        <message>
            <source>No generator model was found: the bundled demo models are not installed. Choose a model folder in Settings.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Loading the generator…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Loading the tokenizer…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Loading the retriever…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Models ready</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>bi-encoder (%1-d)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>generator %1M parameters · %2 · %3 · decodes from %4 weights · retriever %5</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::PersonaEditor</name>
        <message>
            <source>Profile</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose an avatar image</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>unknown</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>female</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>male</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>comma-separated, e.g. student, demo</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Name:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Gender:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Tags:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Description:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Facts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete facts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete the selected facts (Del)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Enable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Disable</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Approve</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reject</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Proposed by the model (not used until approved):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Revisions</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Diff</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%1 · %2 · %n fact(s) · %3</source>
            <translation>
                <numerusform>%1 · %2 · %n fact · %3</numerusform>
                <numerusform>%1 · %2 · %n facts · %3</numerusform>
            </translation>
        </message>
        <message>
            <source>revision %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>enabled:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>disabled:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>approved:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;p&gt;No changes.&lt;/p&gt;</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>edit profile</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose an avatar</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Images (*.png *.jpg *.jpeg *.webp *.bmp)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Avatar</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not read %1: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>change avatar</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;p&gt;Only one revision so far: every change to the facts makes a new one, and here you see what changed between any two.&lt;/p&gt;</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New fact, e.g. «Я живу в Москве», then Enter</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::PersonaListModel</name>
        <message numerus="yes">
            <source>%1 — %n fact(s), revision %2</source>
            <translation>
                <numerusform>%1 — %n fact, revision %2</numerusform>
                <numerusform>%1 — %n facts, revision %2</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>persona::ui::PersonaListView</name>
        <message>
            <source>Search personas</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New persona (Ctrl+N)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Duplicate</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All tags</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New persona</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Name:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(copy)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete persona</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n chat(s) with their labels</source>
            <translation>
                <numerusform>%n chat with their labels</numerusform>
                <numerusform>%n chats with their labels</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n test question(s)</source>
            <translation>
                <numerusform>%n test question</numerusform>
                <numerusform>%n test questions</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n test run(s)</source>
            <translation>
                <numerusform>%n test run</numerusform>
                <numerusform>%n test runs</numerusform>
            </translation>
        </message>
        <message>
            <source>Delete «%1» with its %2? They cannot be restored.</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::RetrievalBars</name>
        <message>
            <source>in the top k and above the threshold</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>pinned by you</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>excluded by you</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>in the top k but not above the threshold</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>ranked below k</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>disabled in the persona</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>#%1 «%2»
score %3 — %4</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>score</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> threshold %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>top-%1 cut</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::RetrievalInspector</name>
        <message>
            <source>Choose «Inspect» under a reply in the chat.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Scores as used</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>BM25 · bi-encoder · hybrid side by side</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export plot…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Click a bar to pin a fact, again to exclude it, a third time to clear; then regenerate and compare.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Regenerate with these</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Clear</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Before:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>After:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>«%1» — %2, persona revision %3, top-%4</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rank</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fact</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Score</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Used</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Why</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>yes</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>BM25</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>bi-encoder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>hybrid</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No pinned or excluded facts.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Pinned: %1
Excluded: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;p&gt;Writing…&lt;/p&gt;</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Table</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Whole chat: facts × replies</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fact influence</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::SamplerSettingsPage</name>
        <message>
            <source>Penalties and DRY</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Subtracted once from the logit of every token already in the penalty window (0 = off)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Subtracted from a token's logit once per time it occurs in the penalty window (0 = off)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>How many of the last tokens the repetition, presence and frequency penalties look at</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>all</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DRY ("don't repeat yourself"): when the text's end repeats an earlier stretch, the token that continued it loses multiplier × base^(length − allowed length) (0 = off)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DRY: how fast the penalty grows with the repeat's length</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DRY: repeats up to this many tokens are free</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DRY: how many of the last tokens it searches for repeats (all = the whole context)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DRY: a repeat never reaches back past a token holding one of these texts (a JSON list)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Presence penalty:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Frequency penalty:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Penalty &amp;window:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DRY &amp;multiplier:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DRY &amp;base:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DRY &amp;allowed length:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DRY &amp;range:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DRY &amp;sequence breakers:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Truncation</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Drops every token less probable than min-p × the most probable one (0 = off)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Locally typical sampling: keeps the tokens whose surprise is closest to the distribution's entropy, up to this mass (1 = off)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Keeps the logits within n standard deviations of the largest (off at 0 or below)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>off</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>XTC (exclude top choices): tokens at least this probable count as top choices</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>XTC: the chance per token that all top choices but the least probable are removed (when two or more reach the threshold; 0 = off)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Added to a token's logit before every other stage: ID+BIAS or ID-BIAS, comma-separated; ID-inf bans the token</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>M&amp;in-p:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>T&amp;ypical-p:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Top-n-si&amp;gma:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>XTC t&amp;hreshold:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>XTC pr&amp;obability:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Logit bias:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Dynamic temperature and Mirostat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Dynamic temperature: the temperature moves within ± this range, higher when the model is unsure (high entropy), lower when it is sure (0 = off)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Dynamic temperature: how the normalised entropy maps into the range</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mirostat v2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mirostat v2 keeps the text's surprise near tau by cutting tokens more surprising than a learned limit; it replaces top-k, top-p, min-p, typical-p, top-n-sigma and XTC</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mirostat: the target surprise in bits (lower: more focused text)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mirostat: how fast the limit follows the observed surprise</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Temperature ra&amp;nge:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Temperature e&amp;xponent:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mi&amp;rostat:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mirostat &amp;tau:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mirostat &amp;eta:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Order and presets</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The order of the stages, ';'-separated (empty: the default shown). Logit bias, the minimum length and the fact boost always come first; Mirostat and the pick last.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Save preset…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>L&amp;oad preset…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A preset saved here, or a SillyTavern text-completion preset (the fields that have a stage here)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save sampler preset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Presets (*.json)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Load sampler preset</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stage or&amp;der:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Imported the SillyTavern preset «%1».</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Loaded the preset «%1».</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Not used (no such stage here): %1.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The preset was not loaded: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Saved the preset to %1.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The preset was not saved: %1</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::SelfPlayDialog</name>
        <message>
            <source>Self-play</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 talks with another persona. The conversation is stored as a chat of %1, with the facts each of them used.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Partner (speaks first):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source> exchanges</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Length:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>empty: the partner's model writes it</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Opening line:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Start</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::SettingsDialog</name>
        <message>
            <source>Models and settings</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Models</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Retrieval</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sampling</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose a folder…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Model folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>bundled demo generator</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A HuggingFace GPT-2 folder (config.json, model.safetensors or pytorch_model.bin, tokenizer)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>bundled demo retriever</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A retriever.json folder, a BERT folder or a sentence-transformers folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No bi-encoder: retrieve with BM25 only</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>CPU</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>CUDA (GPU)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>CUDA (not available in this build)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>one per core (%1)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Takes effect at the next start</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>System</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Generator folder:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Retriever folder:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Device:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Threads:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Language:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>none (BM25)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 · %2 dimensions · prefers %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>hybrid</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No models are loaded yet.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Automatic (the retriever's preferred method)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>BM25 (character 4-grams)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Bi-encoder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Hybrid</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A fact needs a score above this to be used</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the retriever's own</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>all</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Method:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Facts used (&amp;top-k):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Score &amp;threshold:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Context turns (retriever):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;History turns (prompt):</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Greedy (always the most probable token)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>off</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>How many alternatives the token inspector keeps per token</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Temperature:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Top-&amp;k:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Top-&amp;p:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Repetition penalty:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;No-repeat n-gram size:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Ma&amp;x new tokens:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>M&amp;in new tokens:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Seed:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Alternatives per token:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>As stored in the checkpoint</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>F32</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>F16 (half the bytes)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>BF16 (half the bytes)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>int8 (a quarter of the bytes)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>What the generator reads its weights as when it writes a reply on the CPU: fewer bytes decode faster; int8 changes the probabilities slightly</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Decode &amp;weights:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&lt;b&gt;Loaded&lt;/b&gt;&lt;br&gt;Generator: %1&lt;br&gt;%2 parameters · vocabulary %3 · context %4 · %5 tokenizer · %6 · %7 · decodes from %8 weights&lt;br&gt;Retriever: %9</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>model default</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Raises the words of the facts given to the generator, so that a small model restates them (0 = off). The demo generator's default was tuned on held-out replies.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Fact boost:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sampler chain</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::SuiteTables</name>
        <message>
            <source>Question</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Retrieved facts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Expected facts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Hit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reply</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reliance</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Top fact (influence)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Before</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>After</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Change</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>✔ hit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>✘ missed</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>no expected facts</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 of %2 hit (%3%)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>log p(reply | facts) − log p(reply | no facts), nats</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (%2)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>reliance %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>+ new question</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>− not in this run</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>hit → miss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>miss → hit</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>▼ regression: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>▲ improvement: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>= same</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>= same (%1)</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::SuiteView</name>
        <message>
            <source>Run suite</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Answer every question with the persona's current facts and store the run</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Self-play…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Let this persona talk with another one; the conversation is stored as a chat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Test questions</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>A question to the persona</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>It should retrieve these facts:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Save</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Remove</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stored runs</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select two runs to compare them.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Delete run</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Cancelled after %n question(s); the partial run is not stored.</source>
            <translation>
                <numerusform>Cancelled after %n question; the partial run is not stored.</numerusform>
                <numerusform>Cancelled after %n questions; the partial run is not stored.</numerusform>
            </translation>
        </message>
        <message>
            <source>Run stored: %1.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Self-play stopped; its %n line(s) are stored as a chat.</source>
            <translation>
                <numerusform>Self-play stopped; its %n line are stored as a chat.</numerusform>
                <numerusform>Self-play stopped; its %n lines are stored as a chat.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Self-play stored as a chat of %n line(s) (see the Chat tab).</source>
            <translation>
                <numerusform>Self-play stored as a chat of %n line (see the Chat tab).</numerusform>
                <numerusform>Self-play stored as a chat of %n lines (see the Chat tab).</numerusform>
            </translation>
        </message>
        <message>
            <source>Failed: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tests of %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a persona to see its tests.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 (disabled)</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>expects %n fact(s)</source>
            <translation>
                <numerusform>expects %n fact</numerusform>
                <numerusform>expects %n facts</numerusform>
            </translation>
        </message>
        <message>
            <source>Run %1 · revision %2 · %3 · %4</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>generator: %1
retriever: %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No stored runs yet: add questions, then Run suite.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Run %1 (revision %2): %3</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Run %1 (revision %2) → run %3 (revision %4): %n regression(s)</source>
            <translation>
                <numerusform>Run %1 (revision %2) → run %3 (revision %4): %n regression</numerusform>
                <numerusform>Run %1 (revision %2) → run %3 (revision %4): %n regressions</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n improvement(s)</source>
            <translation>
                <numerusform>%n improvement</numerusform>
                <numerusform>%n improvements</numerusform>
            </translation>
        </message>
        <message>
            <source>%1 (not in the current revision)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Type a question first.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Question added.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a question to save.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Question saved.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Select a question to remove.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The models are still loading.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add a test question first.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Running %n question(s)…</source>
            <translation>
                <numerusform>Running %n question…</numerusform>
                <numerusform>Running %n questions…</numerusform>
            </translation>
        </message>
        <message>
            <source>Running with the current revision…</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Self-play: %1 and %2, %n exchange(s)…</source>
            <translation>
                <numerusform>Self-play: %1 and %2, %n exchange…</numerusform>
                <numerusform>Self-play: %1 and %2, %n exchanges…</numerusform>
            </translation>
        </message>
        <message>
            <source>Self-play: %1 × %2</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::TokenInspector</name>
        <message>
            <source>Choose «Inspect» under a reply in the chat.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Tint: &lt;span style="background:%1"&gt;&amp;nbsp;unlikely&amp;nbsp;&lt;/span&gt; &lt;span style="background:%2"&gt;&amp;nbsp;even&amp;nbsp;&lt;/span&gt; &lt;span style="background:%3"&gt;&amp;nbsp;likely&amp;nbsp;&lt;/span&gt; · &lt;u&gt;underlined&lt;/u&gt;: sampled outside the stored alternatives · click a token</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Continue from here with this token</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export plot…</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n generated token(s), with the model's probability and its best alternatives</source>
            <translation>
                <numerusform>%n generated token, with the model's probability and its best alternatives</numerusform>
                <numerusform>%n generated tokens, with the model's probability and its best alternatives</numerusform>
            </translation>
        </message>
        <message>
            <source>p = %1 · rank %2 · entropy %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>outside</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rank</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Token</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>  (chosen)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>probabilities from %1 weights</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>logit bias</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the minimum length</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>fact boost</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>repetition penalties</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>the n-gram ban</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>DRY</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>temperature</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>top-k</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>top-p</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>min-p</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>typical-p</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>top-n-sigma</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>XTC</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mirostat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>penalized by %1 %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>raised by %1 %2</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>cut by %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>After</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Sampler</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The model's own probability (before the sampler chain)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The probability in the distribution the token was drawn from</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::TokenProbabilityPlot</name>
        <message>
            <source>probability of the chosen token</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>entropy, nats (top alternatives + rest)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>step</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>probability</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>entropy</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::TrainingView</name>
        <message>
            <source>Pick the data and the model, then Start.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Data</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Labelled chats in the store</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Only the selected persona's chats</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add seed JSONL…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Remove</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seed dialogue files:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Add seed dialogues</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seed dialogues (*.jsonl);;All files (*)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Generator (writes the replies)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Retriever (picks the facts)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Fine-tune the current model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>From scratch (tiny test model)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Train:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Start from:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Current model:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Settings</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>all epochs</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Browse…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Epochs:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Batch size:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Learning rate:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Max steps:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Output folder:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Output folder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Start</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancel</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Resume</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open run…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export plot…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Stop after the current step; the checkpoint is saved and Resume continues from it.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Open a training run</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Validation split</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Current model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>New model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Use this model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Point the app's settings at the new model and reload the models.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The output folder already holds a training run: open it and Resume, or choose another folder.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Choose an output folder.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No training data: tick the labelled chats or add seed JSONL files.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No current model to start from: choose one in Models and settings.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Resuming…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Preparing the data…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancelling: saving a checkpoint…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is not a training run of this app (no training_request.json or train_log.jsonl).</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Opened %1: %n step(s) in the log.</source>
            <translation>
                <numerusform>Opened %1: %n step in the log.</numerusform>
                <numerusform>Opened %1: %n steps in the log.</numerusform>
            </translation>
        </message>
        <message>
            <source>Epoch %1 of %2 evaluated: %3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Step %1 of %2 · epoch %3 of %4 · loss %5 · elapsed %6 · ETA %7</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Cancelled after step %1; the checkpoint is saved in %2. Resume continues from it.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Finished: %n step(s) in %1. The model is in %2.</source>
            <translation>
                <numerusform>Finished: %n step in %1. The model is in %2.</numerusform>
                <numerusform>Finished: %n steps in %1. The model is in %2.</numerusform>
            </translation>
        </message>
        <message>
            <source>Training failed: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Reply loss (nats per token)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Perplexity</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>MRR</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recall@1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recall@3</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recall@5</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Validation replies</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Validation turns</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>validation loss</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>validation MRR</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The app now uses %1; the models are reloading.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1 is not a training run of this app: training_request.json is not a JSON object (%2 at byte %3).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>another JSON value</source>
            <translation type="unfinished" />
        </message>
    </context>
    <context>
        <name>persona::ui::ValidationView</name>
        <message>
            <source>bi-encoder</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>hybrid</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Could not compute the metrics: %1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This chat</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>This persona</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>All chats</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>precision@k</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>recall@k</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>MRR</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>&amp;Refresh</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Scope:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>k:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Plot:</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Method</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Labelled turns</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Precision@k</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recall@k</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Persona</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Rated</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Logical</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Specific</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Personal</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Model</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export seed &amp;JSONL…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The scope's labelled chats, as persona-cli train reads them</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export &amp;Markdown…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>The scope's labelled chats with the facts used per turn</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export &amp;plot…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>PNG or PDF</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Retriever against the labeller's choices</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Mean ratings (share of replies marked yes)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No rated replies here yet: in validation mode, mark a reply after it is written (or press "Rate" under an older one).</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No chat is open.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No persona is selected.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Computing…</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>No labelled turns here yet: turn on validation mode in a chat and tick the facts of a reply.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>%n labelled turn(s). BM25 only: no bi-encoder is loaded.</source>
            <translation>
                <numerusform>%n labelled turn. BM25 only: no bi-encoder is loaded.</numerusform>
                <numerusform>%n labelled turns. BM25 only: no bi-encoder is loaded.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>%n labelled turn(s).</source>
            <translation>
                <numerusform>%n labelled turn.</numerusform>
                <numerusform>%n labelled turns.</numerusform>
            </translation>
        </message>
        <message>
            <source>Precision@%1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Recall@%1</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>(no model: imported or typed)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>labelled turns, in order</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>%1, running mean</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>There are no chats in this scope.</source>
            <translation type="unfinished" />
        </message>
        <message numerus="yes">
            <source>Wrote %1: %n chat(s)</source>
            <translation>
                <numerusform>Wrote %1: %n chat</numerusform>
                <numerusform>Wrote %1: %n chats</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>, %n label(s).</source>
            <translation>
                <numerusform>, %n label.</numerusform>
                <numerusform>, %n labels.</numerusform>
            </translation>
        </message>
        <message>
            <source>Export failed.</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export chats as Markdown</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Export labelled chats as seed JSONL</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Markdown (*.md)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>Seed JSONL (*.jsonl)</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>BM25, character n-grams only</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>BM25, stemmed words only</source>
            <translation type="unfinished" />
        </message>
        <message>
            <source>BM25 (n-grams + stemmed words)</source>
            <translation type="unfinished" />
        </message>
    </context>
</TS>
