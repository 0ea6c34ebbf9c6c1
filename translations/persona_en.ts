<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>persona::ui::MainWindow</name>
    <message>
        <source>Persona Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>Open or create a persona to start.</source>
        <translation type="unfinished" />
    </message>
    <message numerus="yes">
        <source>libtorch %1 · %2 · %n thread(s)</source>
        <translation>
            <numerusform>libtorch %1 · %2 · %n thread</numerusform><numerusform>libtorch %1 · %2 · %n threads</numerusform></translation>
    </message>
    <message>
        <source>CUDA</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&amp;About Persona Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>About Persona Studio</source>
        <translation type="unfinished" />
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;p&gt;Author persona-grounded chatbots and test them live.&lt;/p&gt;</source>
        <translation type="unfinished" />
    </message>
</context>
</TS>
