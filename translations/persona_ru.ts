<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>persona::ui::MainWindow</name>
    <message>
        <source>Persona Studio</source>
        <translation>Персона Студия</translation>
    </message>
    <message>
        <source>Open or create a persona to start.</source>
        <translation>Откройте или создайте персонажа, чтобы начать.</translation>
    </message>
    <message numerus="yes">
        <source>libtorch %1 · %2 · %n thread(s)</source>
        <translation>
            <numerusform>libtorch %1 · %2 · %n поток</numerusform><numerusform>libtorch %1 · %2 · %n потока</numerusform><numerusform>libtorch %1 · %2 · %n потоков</numerusform></translation>
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
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;p&gt;Author persona-grounded chatbots and test them live.&lt;/p&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;p&gt;Создание персонажей чат-ботов и живая проверка диалога.&lt;/p&gt;</translation>
    </message>
</context>
</TS>
