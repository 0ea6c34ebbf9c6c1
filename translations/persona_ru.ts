<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru_RU">
<context>
    <name>ModelLoader</name>
    <message>
        <source>No generator model was found.</source>
        <translation>Модель-генератор не найдена.</translation>
    </message>
    <message>
        <source>generator %1M parameters · retriever %2</source>
        <translation>генератор %1 млн параметров · поиск фактов: %2</translation>
    </message>
    <message>
        <source>bi-encoder</source>
        <translation>би-энкодер</translation>
    </message>
    <message>
        <source>Could not load the models: %1</source>
        <translation>Не удалось загрузить модели: %1</translation>
    </message>
</context>
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
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;p&gt;Author persona-grounded chatbots and test them live.&lt;/p&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;p&gt;Создание персонажей чат-ботов и живая проверка диалога.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Loading models…</source>
        <translation>Загрузка моделей…</translation>
    </message>
    <message>
        <source>Models ready: %1</source>
        <translation>Модели готовы: %1</translation>
    </message>
</context>
</TS>
