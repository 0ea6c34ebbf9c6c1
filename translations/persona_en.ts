<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>ModelLoader</name>
    <message>
        <source>No generator model was found.</source>
        <translation />
    </message>
    <message>
        <source>generator %1M parameters · retriever %2</source>
        <translation />
    </message>
    <message>
        <source>bi-encoder</source>
        <translation />
    </message>
    <message>
        <source>Could not load the models: %1</source>
        <translation />
    </message>
</context>
<context>
    <name>persona::ui::MainWindow</name>
    <message>
        <source>Persona Studio</source>
        <translation />
    </message>
    <message>
        <source>Open or create a persona to start.</source>
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
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;p&gt;Author persona-grounded chatbots and test them live.&lt;/p&gt;</source>
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
</context>
</TS>
