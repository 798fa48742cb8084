<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AlternativesFeature</name>
    <message>
        <source>Alternatives failed: %1</source>
        <translation>查找其他字词失败：%1</translation>
    </message>
    <message>
        <source>Alternatives to “%1”…</source>
        <translation>“%1”的其他字词…</translation>
    </message>
    <message>
        <source>Put the cursor on a word to see the model&apos;s alternatives.</source>
        <translation>把光标放在一个词上，查看模型的其他选择。</translation>
    </message>
    <message>
        <source>Looking for alternatives to “%1”…</source>
        <translation>正在查找“%1”的其他字词……</translation>
    </message>
    <message>
        <source>The word changed before its alternatives came; ask again.</source>
        <translation>其他选择到达前，这个词已改变；请再试一次。</translation>
    </message>
    <message>
        <source>Alternatives to %1</source>
        <translation>%1 的其他字词</translation>
    </message>
    <message>
        <source>Instead of “%1”:</source>
        <translation>替换“%1”：</translation>
    </message>
    <message>
        <source>The model gives “%1” a %2 chance here</source>
        <translation>模型认为此处出现“%1”的概率为 %2</translation>
    </message>
    <message>
        <source>(the model has no other word here)</source>
        <translation>（模型在此处没有其他字词）</translation>
    </message>
    <message>
        <source>The word changed; ask again for its alternatives.</source>
        <translation>这个词已改变；请重新查看其他选择。</translation>
    </message>
    <message>
        <source>“%1” became “%2” (%3 undoes it).</source>
        <translation>“%1”已改为“%2”（%3 可撤销）。</translation>
    </message>
</context>
<context>
    <name>BlendDialog</name>
    <message>
        <source>Blend</source>
        <translation>融合</translation>
    </message>
    <message>
        <source>Passage A</source>
        <translation>段落 A</translation>
    </message>
    <message>
        <source>Paste or type passage B, or select it in the editor and press the button</source>
        <translation>粘贴或输入段落 B，或在编辑器中选中它后按此按钮</translation>
    </message>
    <message>
        <source>Passage B</source>
        <translation>段落 B</translation>
    </message>
    <message>
        <source>Use editor
selection</source>
        <translation>使用编辑器
中的选择</translation>
    </message>
    <message>
        <source>Make the text selected in the editor passage B</source>
        <translation>把编辑器中选中的文字作为段落 B</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>路径</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>From passage A to passage B</source>
        <translation>从段落 A 到段落 B</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Blend steps</source>
        <translation>融合步骤</translation>
    </message>
    <message>
        <source>&amp;Insert after A</source>
        <translation>插入到 A 之后(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Replace A</source>
        <translation>替换 A(&amp;R)</translation>
    </message>
    <message>
        <source>Passage B is empty.</source>
        <translation>段落 B 为空。</translation>
    </message>
    <message>
        <source>Blending…</source>
        <translation>正在融合……</translation>
    </message>
</context>
<context>
    <name>ContinuationFeature</name>
    <message>
        <source>Suggestions off: %s</source>
        <translation>建议已关闭：%s</translation>
    </message>
    <message>
        <source>The model is still loading…</source>
        <translation>模型仍在加载……</translation>
    </message>
    <message>
        <source>Write something first, or clear the selection.</source>
        <translation>请先写点什么，或取消选择。</translation>
    </message>
    <message>
        <source>Not sure enough to suggest a continuation here: other ones are in the side panel (%s shows one).</source>
        <translation>这里把握不足，没有给出续写：侧栏中有其他候选（按 %s 显示一个）。</translation>
    </message>
    <message>
        <source>Suggestion failed: %s</source>
        <translation>建议失败：%s</translation>
    </message>
</context>
<context>
    <name>Desk</name>
    <message>
        <source>%1[*] — Creagen</source>
        <translation>%1[*] — Creagen</translation>
    </message>
    <message>
        <source>Close %1</source>
        <translation>关闭 %1</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>Save the changes to %1 first?</source>
        <translation>先保存对 %1 的更改吗？</translation>
    </message>
    <message>
        <source>Read-only file</source>
        <translation>只读文件</translation>
    </message>
    <message>
        <source>%1

Overwrite it anyway?</source>
        <translation>%1

仍要覆盖吗？</translation>
    </message>
    <message>
        <source>Open in another window</source>
        <translation>已在另一个窗口中打开</translation>
    </message>
    <message>
        <source>%1 is also open in another Creagen window (process %2).

If you change it in both, whichever saves last replaces the other&apos;s changes.</source>
        <translation>%1 也在另一个 Creagen 窗口中打开（进程 %2）。

若在两处都修改，最后保存的会覆盖另一处的更改。</translation>
    </message>
    <message>
        <source>Changed on disk</source>
        <translation>磁盘上的文件已更改</translation>
    </message>
    <message>
        <source>%1 was changed by another program since Creagen opened or saved it.

Save anyway and replace that version with the text here? (Cancel keeps both as they are; you can then Save As under another name, or Reload from Disk.)</source>
        <translation>自 Creagen 打开或保存 %1 以来，它已被其他程序修改。

仍要保存，用这里的文本替换那个版本吗？（取消则两者保持原样；之后可以另存为其他名字，或从磁盘重新载入。）</translation>
    </message>
    <message>
        <source>Cannot open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>重新载入</translation>
    </message>
    <message>
        <source>Throw away your changes to %1 and load the version on disk?</source>
        <translation>放弃对 %1 的更改，载入磁盘上的版本吗？</translation>
    </message>
    <message>
        <source>Cannot reload</source>
        <translation>无法重新载入</translation>
    </message>
    <message>
        <source>Cannot save</source>
        <translation>无法保存</translation>
    </message>
    <message>
        <source>%1 was deleted or moved on disk; Save writes it again.</source>
        <translation>%1 已在磁盘上被删除或移动；保存会重新写入。</translation>
    </message>
    <message>
        <source>%1 was changed on disk and has been reloaded.</source>
        <translation>%1 在磁盘上已更改，已重新载入。</translation>
    </message>
    <message>
        <source>%1 was changed on disk; saving will ask before replacing it.</source>
        <translation>%1 在磁盘上已更改；保存前会先询问是否替换。</translation>
    </message>
</context>
<context>
    <name>DocumentLanguages</name>
    <message>
        <source>The document&apos;s language: which model pack suggests, how it is counted</source>
        <translation>文档的语言：决定由哪个模型包给出建议、如何计数</translation>
    </message>
    <message>
        <source>Document language</source>
        <translation>文档语言</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Detect from the text (now: %s)</source>
        <translation>根据文本识别（当前：%s）</translation>
    </message>
    <message>
        <source>No font for Chinese is installed: Chinese shows as boxes. Install one (on Debian or Ubuntu: sudo apt-get install fonts-noto-cjk) and start Creagen again.</source>
        <translation>没有安装中文字体：中文会显示为方框。请安装一种（Debian 或 Ubuntu：sudo apt-get install fonts-noto-cjk）后重新启动 Creagen。</translation>
    </message>
</context>
<context>
    <name>DocumentTab</name>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>This &amp;document (%1)</source>
        <translation>本文档(&amp;D)（%1）</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Authorship marks</source>
        <translation>作者归属标记</translation>
    </message>
    <message>
        <source>Text the model wrote can go out unmarked, tinted, or with a comment naming the feature</source>
        <translation>模型写的文字可以不加标记、着色，或附上注明功能的批注导出</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Author</source>
        <translation>作者</translation>
    </message>
    <message>
        <source>Your name (goes in the file&apos;s details)</source>
        <translation>你的名字（写入文件属性）</translation>
    </message>
    <message>
        <source>Export to file</source>
        <translation>导出到文件</translation>
    </message>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Choose where to export</source>
        <translation>选择导出位置</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>Choose where to save the export.</source>
        <translation>请选择导出文件的保存位置。</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出……</translation>
    </message>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
</context>
<context>
    <name>ExportRoom</name>
    <message>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Find</source>
        <translation>查找</translation>
    </message>
    <message>
        <source>Replace with</source>
        <translation>替换为</translation>
    </message>
    <message>
        <source>&amp;Match case</source>
        <translation>区分大小写(&amp;M)</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>上一个</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>下一个</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>替换(&amp;R)</translation>
    </message>
    <message>
        <source>Replace &amp;all</source>
        <translation>全部替换(&amp;A)</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Wrapped around</source>
        <translation>已从头继续</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
</context>
<context>
    <name>GhostEditor</name>
    <message>
        <source> (%1 of %2; %3 for the next)</source>
        <translation>（第 %1 个，共 %2 个；按 %3 看下一个）</translation>
    </message>
    <message>
        <source>Suggestion%1: %2 %3 to accept, %4 to dismiss.</source>
        <translation>建议%1：%2 按 %3 接受，按 %4 忽略。</translation>
    </message>
</context>
<context>
    <name>LatentFeature</name>
    <message>
        <source>Select a passage (or put the cursor in a sentence) to vary it.</source>
        <translation>请选中一段文字（或把光标放在一句话里）再改写。</translation>
    </message>
    <message>
        <source>Variations failed: %1</source>
        <translation>改写失败：%1</translation>
    </message>
    <message>
        <source>Variation placed (%1 undoes it).</source>
        <translation>已放入改写（%1 可撤销）。</translation>
    </message>
    <message>
        <source>Select passage A first; passage B comes next, in the Blend window.</source>
        <translation>请先选中段落 A；段落 B 在融合窗口中再选。</translation>
    </message>
    <message>
        <source>Blend failed: %1</source>
        <translation>融合失败：%1</translation>
    </message>
    <message>
        <source>Blend placed (%1 undoes it).</source>
        <translation>已放入融合结果（%1 可撤销）。</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>生成(&amp;G)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;Project Folder…</source>
        <translation>打开项目文件夹(&amp;P)…</translation>
    </message>
    <message>
        <source>New C&amp;hapter…</source>
        <translation>新建章节(&amp;H)…</translation>
    </message>
    <message>
        <source>Move Chapter U&amp;p</source>
        <translation>章节上移(&amp;P)</translation>
    </message>
    <message>
        <source>Move Chapter Do&amp;wn</source>
        <translation>章节下移(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Re&amp;load from Disk</source>
        <translation>从磁盘重新载入(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Close Document</source>
        <translation>关闭文档(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>导出(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>剪切(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>粘贴(&amp;P)</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>全选(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>查找(&amp;F)…</translation>
    </message>
    <message>
        <source>Find &amp;Next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <source>Find Pre&amp;vious</source>
        <translation>查找上一个(&amp;V)</translation>
    </message>
    <message>
        <source>R&amp;eplace…</source>
        <translation>替换(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>偏好设置(&amp;P)…</translation>
    </message>
    <message>
        <source>Suggest &amp;now</source>
        <translation>立即建议(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Accept suggestion</source>
        <translation>接受建议(&amp;A)</translation>
    </message>
    <message>
        <source>Accept next &amp;word</source>
        <translation>接受下一个字词(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Dismiss</source>
        <translation>忽略(&amp;D)</translation>
    </message>
    <message>
        <source>N&amp;ext candidate</source>
        <translation>下一个候选(&amp;E)</translation>
    </message>
    <message>
        <source>P&amp;revious candidate</source>
        <translation>上一个候选(&amp;R)</translation>
    </message>
    <message>
        <source>Re-roll s&amp;uggestion</source>
        <translation>重新生成建议(&amp;U)</translation>
    </message>
    <message>
        <source>A&amp;lternatives at word…</source>
        <translation>此处的其他字词(&amp;L)…</translation>
    </message>
    <message>
        <source>Suggest while &amp;writing</source>
        <translation>写作时自动建议(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Variations of selection…</source>
        <translation>改写所选内容(&amp;V)…</translation>
    </message>
    <message>
        <source>Re-roll variation&amp;s</source>
        <translation>重新改写(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Blend selection into…</source>
        <translation>将所选内容融合为(&amp;B)…</translation>
    </message>
    <message>
        <source>S&amp;park new lines</source>
        <translation>灵感新句(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Poem…</source>
        <translation>作诗(&amp;P)…</translation>
    </message>
    <message>
        <source>Suggest the next &amp;line</source>
        <translation>建议下一句(&amp;L)</translation>
    </message>
    <message>
        <source>Re&amp;vise this line…</source>
        <translation>改写此句(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Suggestions panel</source>
        <translation>建议面板(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Project panel</source>
        <translation>项目面板(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Focus mode</source>
        <translation>专注模式(&amp;F)</translation>
    </message>
    <message>
        <source>Next &amp;Pane</source>
        <translation>下一个窗格(&amp;P)</translation>
    </message>
    <message>
        <source>T&amp;heme: {}</source>
        <translation>主题(&amp;H)：{}</translation>
    </message>
    <message>
        <source>&amp;Tint model text</source>
        <translation>为模型文字着色(&amp;T)</translation>
    </message>
    <message>
        <source>F&amp;ont…</source>
        <translation>字体(&amp;O)…</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>Ne&amp;xt Document</source>
        <translation>下一个文档(&amp;X)</translation>
    </message>
    <message>
        <source>Pre&amp;vious Document</source>
        <translation>上一个文档(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Model Packs…</source>
        <translation>模型包(&amp;M)…</translation>
    </message>
    <message>
        <source>Learn from My &amp;Writing…</source>
        <translation>从我的文字中学习(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Authorship Report…</source>
        <translation>作者归属报告(&amp;A)…</translation>
    </message>
    <message>
        <source>Session &amp;Statistics…</source>
        <translation>本次写作统计(&amp;S)…</translation>
    </message>
    <message>
        <source>Check Spe&amp;lling</source>
        <translation>拼写检查(&amp;L)</translation>
    </message>
    <message>
        <source>Word &amp;Goals…</source>
        <translation>字数目标(&amp;G)…</translation>
    </message>
    <message>
        <source>Document &amp;Language</source>
        <translation>文档语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;About Creagen</source>
        <translation>关于 Creagen(&amp;A)</translation>
    </message>
    <message>
        <source>Detect from the text</source>
        <translation>根据文本识别</translation>
    </message>
    <message>
        <source>English</source>
        <translation>英文</translation>
    </message>
    <message>
        <source>Chinese (中文)</source>
        <translation>中文</translation>
    </message>
</context>
<context>
    <name>PackDialog</name>
    <message>
        <source>Model packs</source>
        <translation>模型包</translation>
    </message>
    <message>
        <source>Pack details columns</source>
        <translation>模型包详情列</translation>
    </message>
    <message>
        <source>Scroll the packs</source>
        <translation>滚动模型包列表</translation>
    </message>
    <message>
        <source>Scroll the pack details</source>
        <translation>滚动模型包详情</translation>
    </message>
    <message>
        <source>&amp;Use this pack</source>
        <translation>使用此模型包(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>移除(&amp;R)</translation>
    </message>
    <message>
        <source>Re&amp;port…</source>
        <translation>报告(&amp;P)…</translation>
    </message>
    <message>
        <source>Import &amp;folder…</source>
        <translation>导入文件夹(&amp;F)…</translation>
    </message>
    <message>
        <source>Import .&amp;zip…</source>
        <translation>导入 .zip(&amp;Z)…</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>设备(&amp;D)：</translation>
    </message>
    <message>
        <source>Bundled packs, and your own in %1</source>
        <translation>自带的模型包，以及 %1 中你自己的模型包</translation>
    </message>
    <message>
        <source>Pack in use</source>
        <translation>正在使用的模型包</translation>
    </message>
    <message>
        <source>%1 is the active pack. Switch to another one first.</source>
        <translation>%1 是正在使用的模型包。请先切换到另一个。</translation>
    </message>
    <message>
        <source>Remove pack</source>
        <translation>移除模型包</translation>
    </message>
    <message>
        <source>Remove the pack %1 from %2?</source>
        <translation>从 %2 中移除模型包 %1 吗？</translation>
    </message>
    <message>
        <source>Removing %1…</source>
        <translation>正在移除 %1……</translation>
    </message>
    <message>
        <source>Importing %1: unpacking it and checking every file…</source>
        <translation>正在导入 %1：解包并检查每个文件……</translation>
    </message>
    <message>
        <source>Imported %1.</source>
        <translation>已导入 %1。</translation>
    </message>
    <message>
        <source>Removed %1.</source>
        <translation>已移除 %1。</translation>
    </message>
    <message>
        <source>%1 The dialog closes once this is done.</source>
        <translation>%1 完成后对话框会关闭。</translation>
    </message>
</context>
<context>
    <name>PoemDialog</name>
    <message>
        <source>Write a poem</source>
        <translation>作诗</translation>
    </message>
    <message>
        <source>五言绝句 (four lines of five)</source>
        <translation>五言绝句（四句，每句五字）</translation>
    </message>
    <message>
        <source>七言绝句 (four lines of seven)</source>
        <translation>七言绝句（四句，每句七字）</translation>
    </message>
    <message>
        <source>五言律诗 (eight lines of five)</source>
        <translation>五言律诗（八句，每句五字）</translation>
    </message>
    <message>
        <source>七言律诗 (eight lines of seven)</source>
        <translation>七言律诗（八句，每句七字）</translation>
    </message>
    <message>
        <source>中华新韵 (modern readings)</source>
        <translation>中华新韵（按今音）</translation>
    </message>
    <message>
        <source>平水韵 (the classical rhyme book)</source>
        <translation>平水韵（古典韵书）</translation>
    </message>
    <message>
        <source>one character a line, e.g. 春江花月</source>
        <translation>每句一个字，例如：春江花月</translation>
    </message>
    <message>
        <source>a line of your own to start with (optional)</source>
        <translation>自拟首句（可选）</translation>
    </message>
    <message>
        <source>Write in Traditional characters (繁體)</source>
        <translation>用繁体字输出（繁體）</translation>
    </message>
    <message>
        <source>The poem</source>
        <translation>诗作</translation>
    </message>
    <message>
        <source>Poem status</source>
        <translation>诗作状态</translation>
    </message>
    <message>
        <source>&amp;Form</source>
        <translation>体裁(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Acrostic</source>
        <translation>藏头(&amp;A)</translation>
    </message>
    <message>
        <source>F&amp;irst line</source>
        <translation>首句(&amp;I)</translation>
    </message>
    <message>
        <source>&amp;Rhyme table</source>
        <translation>韵书(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Write</source>
        <translation>作诗(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Insert</source>
        <translation>插入(&amp;I)</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>正在作诗……</translation>
    </message>
    <message>
        <source>&amp;Write again</source>
        <translation>再作一首(&amp;W)</translation>
    </message>
</context>
<context>
    <name>PoemFeature</name>
    <message>
        <source>Write a line first: the matching line answers it.</source>
        <translation>请先写一句：对句与它相对。</translation>
    </message>
    <message>
        <source>Looking for the matching line…</source>
        <translation>正在寻找对句……</translation>
    </message>
    <message>
        <source>Put the cursor in a line of a poem to revise it.</source>
        <translation>请把光标放在诗中某一句上再改写。</translation>
    </message>
    <message>
        <source>Writing other versions of this line…</source>
        <translation>正在为此句另写几种版本……</translation>
    </message>
    <message>
        <source>The line has changed since: nothing was replaced.</source>
        <translation>此句已被改动，未作替换。</translation>
    </message>
    <message>
        <source>No matching line came out this time: try again.</source>
        <translation>这次没有得到对句，请再试一次。</translation>
    </message>
    <message>
        <source>The text changed while the line was written.</source>
        <translation>生成期间文本已改变。</translation>
    </message>
    <message>
        <source>No other version fits the poem here: try again.</source>
        <translation>此处没有合乎全诗格律的其他版本，请再试一次。</translation>
    </message>
    <message>
        <source>form %s</source>
        <translation>体裁 %s</translation>
    </message>
    <message>
        <source>rhyme %s</source>
        <translation>押韵 %s</translation>
    </message>
    <message>
        <source>tones %s</source>
        <translation>平仄 %s</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>Auto (GPU when it works)</source>
        <translation>自动（GPU 可用时用 GPU）</translation>
    </message>
    <message>
        <source>CUDA (NVIDIA GPU)</source>
        <translation>CUDA（NVIDIA GPU）</translation>
    </message>
    <message>
        <source>Often</source>
        <translation>经常</translation>
    </message>
    <message>
        <source>When fairly sure</source>
        <translation>比较有把握时</translation>
    </message>
    <message>
        <source>Only when sure</source>
        <translation>只在有把握时</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Preferences</source>
        <translation>偏好设置</translation>
    </message>
    <message>
        <source>Suggest continuations while I write</source>
        <translation>写作时自动建议续写</translation>
    </message>
    <message>
        <source>When off, %1 still asks for a suggestion.</source>
        <translation>关闭时，仍可按 %1 请求建议。</translation>
    </message>
    <message>
        <source>The grey suggestion shows only the words the model is this sure of, and nothing when it is not sure of the first one (%1 then lists other continuations in the side panel).</source>
        <translation>灰色建议只显示模型有这么大把握的字词；连第一个都没把握时不显示（此时按 %1 会在侧栏列出其他续写）。</translation>
    </message>
    <message>
        <source>How long to wait after the last key before asking the model.</source>
        <translation>最后一次按键后等待多久再询问模型。</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>Wait longer after I dismiss %1 suggestions in a row</source>
        <translation>连续忽略 %1 次建议后，等待更久</translation>
    </message>
    <message>
        <source>Each %1 dismissals in a row double the wait, up to %2 times the pause above; accepting a suggestion brings it back.</source>
        <translation>每连续忽略 %1 次，等待时间加倍，最多为上面停顿的 %2 倍；接受一次建议即恢复。</translation>
    </message>
    <message>
        <source>Candidates per suggestion; %1 and %2 switch between them.</source>
        <translation>每次建议的候选数；用 %1 和 %2 切换。</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Changing it reloads the model.</source>
        <translation>更改后会重新加载模型。</translation>
    </message>
    <message>
        <source>An unsaved change is copied to the recovery folder at most this long after you make it, or after %1 characters, and whenever the window loses focus.</source>
        <translation>未保存的更改最迟在这么长时间后，或输入 %1 个字符后，以及窗口失去焦点时，复制到恢复文件夹。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>不保留</translation>
    </message>
    <message>
        <source>Saving keeps this many earlier versions of a document (at most one every %1 minutes) in Creagen&apos;s backups folder.</source>
        <translation>保存时在 Creagen 的备份文件夹中保留这么多个旧版本（最多每 %1 分钟一个）。</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Tint text written by the model</source>
        <translation>为模型写的文字着色</translation>
    </message>
    <message>
        <source>Check spelling as I write</source>
        <translation>写作时检查拼写</translation>
    </message>
    <message>
        <source>Drop them</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Show them, marked</source>
        <translation>显示并标记</translation>
    </message>
    <message>
        <source>Suggestions as I write</source>
        <translation>写作时的建议</translation>
    </message>
    <message>
        <source>&amp;Suggest</source>
        <translation>建议(&amp;S)</translation>
    </message>
    <message>
        <source>how sure the model must be of each word it shows</source>
        <translation>模型对显示的每个字词需要多大把握</translation>
    </message>
    <message>
        <source>&amp;Pause before suggesting</source>
        <translation>建议前的停顿(&amp;P)</translation>
    </message>
    <message>
        <source>after your last key</source>
        <translation>从最后一次按键算起</translation>
    </message>
    <message>
        <source>&amp;Hide a suggestion after</source>
        <translation>建议自动隐藏(&amp;H)</translation>
    </message>
    <message>
        <source>when you leave it alone, without typing</source>
        <translation>不打字、放着不管时</translation>
    </message>
    <message>
        <source>Other continuations (side panel)</source>
        <translation>其他续写（侧栏）</translation>
    </message>
    <message>
        <source>&amp;Candidates</source>
        <translation>候选数(&amp;C)</translation>
    </message>
    <message>
        <source>listed, the likeliest first</source>
        <translation>按可能性从高到低列出</translation>
    </message>
    <message>
        <source>&amp;Length</source>
        <translation>长度(&amp;L)</translation>
    </message>
    <message>
        <source>at most (a token is a word or a part of one)</source>
        <translation>最多（一个词元是一个词或词的一部分）</translation>
    </message>
    <message>
        <source>&amp;Temperature</source>
        <translation>温度(&amp;T)</translation>
    </message>
    <message>
        <source>lower: safer and more predictable; higher: more surprising</source>
        <translation>低：更稳妥、更可预料；高：更出人意料</translation>
    </message>
    <message>
        <source>Top-&amp;k</source>
        <translation>Top-&amp;k</translation>
    </message>
    <message>
        <source>choose only among this many likeliest next tokens (off: any)</source>
        <translation>只在可能性最高的这么多个词元中选（关闭：不限）</translation>
    </message>
    <message>
        <source>Top-&amp;p</source>
        <translation>Top-&amp;p</translation>
    </message>
    <message>
        <source>choose only among the likeliest tokens making up this share (1: any)</source>
        <translation>只在累计占到这一比例的高可能词元中选（1：不限）</translation>
    </message>
    <message>
        <source>&amp;Repetition penalty</source>
        <translation>重复惩罚(&amp;R)</translation>
    </message>
    <message>
        <source>above 1: words already in the text come back less</source>
        <translation>大于 1：文中已有的词较少再出现</translation>
    </message>
    <message>
        <source>Documents and models</source>
        <translation>文档与模型</translation>
    </message>
    <message>
        <source>&amp;Autosave within</source>
        <translation>自动保存间隔(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Backups kept</source>
        <translation>保留备份数(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Device</source>
        <translation>设备(&amp;D)</translation>
    </message>
    <message>
        <source>Copies of &amp;training text</source>
        <translation>与训练文本雷同的建议(&amp;T)</translation>
    </message>
    <message>
        <source>Appearance and spelling</source>
        <translation>外观与拼写</translation>
    </message>
    <message>
        <source>T&amp;heme</source>
        <translation>主题(&amp;H)</translation>
    </message>
    <message>
        <source>Lan&amp;guage</source>
        <translation>界面语言(&amp;G)</translation>
    </message>
    <message>
        <source>when Creagen starts again</source>
        <translation>重新启动 Creagen 后生效</translation>
    </message>
</context>
<context>
    <name>ProjectPanel</name>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Open a folder as a project (File ▸ Open Project Folder).</source>
        <translation>把一个文件夹作为项目打开（文件 ▸ 打开项目文件夹）。</translation>
    </message>
    <message>
        <source>Chapters</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>Chapter and word count columns</source>
        <translation>章节与字数列</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>A new chapter after the selected one (%1)</source>
        <translation>在所选章节之后新建一章（%1）</translation>
    </message>
    <message>
        <source>Rena&amp;me</source>
        <translation>重命名(&amp;M)</translation>
    </message>
    <message>
        <source>↑</source>
        <translation>↑</translation>
    </message>
    <message>
        <source>Move chapter up</source>
        <translation>章节上移</translation>
    </message>
    <message>
        <source>Move the chapter up (%1)</source>
        <translation>章节上移（%1）</translation>
    </message>
    <message>
        <source>↓</source>
        <translation>↓</translation>
    </message>
    <message>
        <source>Move chapter down</source>
        <translation>章节下移</translation>
    </message>
    <message>
        <source>Move the chapter down (%1)</source>
        <translation>章节下移（%1）</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt;: %2 chapter%3, %4%5 words</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：%2 章，%4%5 字</translation>
    </message>
</context>
<context>
    <name>ProjectRoom</name>
    <message>
        <source>Cannot open the project</source>
        <translation>无法打开项目</translation>
    </message>
    <message>
        <source>Project %1: %2 chapters</source>
        <translation>项目 %1：%2 章</translation>
    </message>
    <message>
        <source>Open a folder as a project first (File ▸ Open Project Folder).</source>
        <translation>请先把一个文件夹作为项目打开（文件 ▸ 打开项目文件夹）。</translation>
    </message>
    <message>
        <source>Chapter %1</source>
        <translation>第 %1 章</translation>
    </message>
    <message>
        <source>New chapter</source>
        <translation>新建章节</translation>
    </message>
    <message>
        <source>Rename chapter</source>
        <translation>重命名章节</translation>
    </message>
    <message>
        <source>Word goals</source>
        <translation>字数目标</translation>
    </message>
    <message>
        <source>none</source>
        <translation>不保留</translation>
    </message>
    <message>
        <source>Words to write this session</source>
        <translation>本次要写的字数</translation>
    </message>
    <message>
        <source>Words for the whole project</source>
        <translation>整个项目的字数</translation>
    </message>
</context>
<context>
    <name>RecentFiles</name>
    <message>
        <source>&amp;%1 %2</source>
        <translation>&amp;%1 %2</translation>
    </message>
    <message>
        <source>(no recent files)	%1…%2</source>
        <translation>（没有最近的文件）	%1…%2</translation>
    </message>
</context>
<context>
    <name>RecoveryDialog</name>
    <message>
        <source>Recover unsaved work</source>
        <translation>恢复未保存的内容</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>恢复(&amp;R)</translation>
    </message>
    <message>
        <source>Restore &amp;all</source>
        <translation>全部恢复(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>丢弃(&amp;D)</translation>
    </message>
    <message>
        <source>Decide &amp;later</source>
        <translation>稍后决定(&amp;L)</translation>
    </message>
    <message>
        <source>Delete the damaged copies</source>
        <translation>删除损坏的副本</translation>
    </message>
    <message>
        <source>The damaged copies were deleted.</source>
        <translation>损坏的副本已删除。</translation>
    </message>
</context>
<context>
    <name>Reports</name>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <source>Continuation</source>
        <translation>续写</translation>
    </message>
    <message>
        <source>Variation</source>
        <translation>改写</translation>
    </message>
    <message>
        <source>Blend</source>
        <translation>融合</translation>
    </message>
    <message>
        <source>Spark</source>
        <translation>灵感</translation>
    </message>
    <message>
        <source>Alternative</source>
        <translation>替换字词</translation>
    </message>
    <message>
        <source>Poem</source>
        <translation>诗作</translation>
    </message>
    <message>
        <source>%s: who wrote what (share of characters)</source>
        <translation>%s：谁写了什么（按字符占比）</translation>
    </message>
    <message>
        <source>The model in all: %s</source>
        <translation>模型合计：%s</translation>
    </message>
    <message>
        <source>no model loaded</source>
        <translation>未加载模型</translation>
    </message>
    <message>
        <source>An offline writing assistant. The models run on this computer; nothing you write leaves it.</source>
        <translation>离线写作助手。模型在本机运行；你写的内容不会离开这台电脑。</translation>
    </message>
    <message>
        <source>Authorship report</source>
        <translation>作者归属报告</translation>
    </message>
    <message>
        <source>Session statistics</source>
        <translation>本次写作统计</translation>
    </message>
    <message>
        <source>About Creagen</source>
        <translation>关于 Creagen</translation>
    </message>
</context>
<context>
    <name>SparksFeature</name>
    <message>
        <source>Sparks failed: %1</source>
        <translation>灵感生成失败：%1</translation>
    </message>
    <message>
        <source>Spark inserted (%1 undoes it).</source>
        <translation>已插入灵感新句（%1 可撤销）。</translation>
    </message>
</context>
<context>
    <name>SparksPanel</name>
    <message>
        <source>New lines from nowhere in particular: click one to put it at the cursor.</source>
        <translation>随意写出的新句：点击一句，放到光标处。</translation>
    </message>
    <message>
        <source>New lines near the paragraph at the cursor: click one to put it there.</source>
        <translation>贴近光标所在段落的新句：点击一句，放到那里。</translation>
    </message>
    <message>
        <source>Sparks</source>
        <translation>灵感</translation>
    </message>
    <message>
        <source>Near this paragraph</source>
        <translation>贴近本段</translation>
    </message>
    <message>
        <source>Steer the lines toward the paragraph at the cursor</source>
        <translation>让新句贴近光标所在的段落</translation>
    </message>
    <message>
        <source>Click a line to insert it at the cursor (%1 undoes it)</source>
        <translation>点击一句，插入到光标处（%1 可撤销）</translation>
    </message>
    <message>
        <source>Spark</source>
        <translation>灵感</translation>
    </message>
    <message>
        <source>Draw new lines (%1)</source>
        <translation>再写几句（%1）</translation>
    </message>
    <message>
        <source>Writing sparks…</source>
        <translation>正在写灵感新句……</translation>
    </message>
    <message>
        <source>This line repeats a long run of the model&apos;s training text word for word.</source>
        <translation>这一句逐字重复了模型训练文本中的一长段。</translation>
    </message>
</context>
<context>
    <name>Spelling</name>
    <message>
        <source>Spell checking is off: %1</source>
        <translation>拼写检查已关闭：%1</translation>
    </message>
    <message>
        <source>(no suggestions)</source>
        <translation>（没有建议）</translation>
    </message>
    <message>
        <source>Add “%1” to Dictionary</source>
        <translation>把“%1”加入词典</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>忽略</translation>
    </message>
    <message>
        <source>Could not save the personal dictionary: %1</source>
        <translation>无法保存个人词典：%1</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <source>Loading model…</source>
        <translation>正在加载模型……</translation>
    </message>
    <message>
        <source>Time taken by the last suggestion</source>
        <translation>上一次建议所用时间</translation>
    </message>
    <message>
        <source>Word goals</source>
        <translation>字数目标</translation>
    </message>
    <message>
        <source>%s 字</source>
        <translation>%s 字</translation>
    </message>
    <message>
        <source> (selection: %s 字)</source>
        <translation>（选中：%s 字）</translation>
    </message>
    <message>
        <source>%1 words, %2 characters</source>
        <translation>%1 词，%2 字符</translation>
    </message>
    <message>
        <source> (selection: %1 words, %2 characters)</source>
        <translation>（选中：%1 词，%2 字符）</translation>
    </message>
    <message>
        <source>Model: %s</source>
        <translation>模型：%s</translation>
    </message>
    <message>
        <source>%s: CUDA not usable</source>
        <translation>%s：CUDA 不可用</translation>
    </message>
    <message>
        <source>CUDA was chosen (Preferences or the Model Packs dialog), but it cannot run here: no usable NVIDIA GPU or CUDA libraries. The models run on the CPU. Choose Auto or CPU to make this note go away.</source>
        <translation>已选择 CUDA（在偏好设置或模型包对话框中），但此处无法运行：没有可用的 NVIDIA GPU 或 CUDA 库。模型在 CPU 上运行。选择“自动”或“CPU”即可消除此提示。</translation>
    </message>
    <message>
        <source>CUDA was chosen but cannot run here: the models run on the CPU.</source>
        <translation>已选择 CUDA，但此处无法运行：模型在 CPU 上运行。</translation>
    </message>
    <message>
        <source>Device: Auto. No usable GPU was found, so the CPU is used.</source>
        <translation>设备：自动。未找到可用的 GPU，因此使用 CPU。</translation>
    </message>
    <message>
        <source>Auto device: no usable GPU, running on the CPU.</source>
        <translation>自动选择设备：没有可用的 GPU，在 CPU 上运行。</translation>
    </message>
    <message>
        <source>Suggestions off: %s</source>
        <translation>建议已关闭：%s</translation>
    </message>
    <message>
        <source>Suggestions are off</source>
        <translation>建议已关闭</translation>
    </message>
    <message>
        <source>You can still write, open and save as usual.</source>
        <translation>你仍可照常写作、打开和保存。</translation>
    </message>
</context>
<context>
    <name>SuggestionsPanel</name>
    <message>
        <source>Pause while writing, or press {suggest_now}, to see suggestions here.

{accept} accepts, {accept_word} takes one word, {next} and {previous} switch, {dismiss} dismisses. Click one to insert it.</source>
        <translation>写作时停顿片刻，或按 {suggest_now}，建议就会出现在这里。

{accept} 接受，{accept_word} 接受一个字词，{next} 和 {previous} 切换，{dismiss} 忽略。点击一条即可插入。</translation>
    </message>
    <message>
        <source>Suggestions</source>
        <translation>建议</translation>
    </message>
    <message>
        <source>Click to insert</source>
        <translation>点击插入</translation>
    </message>
</context>
<context>
    <name>VariationsPanel</name>
    <message>
        <source>Variations</source>
        <translation>改写</translation>
    </message>
    <message>
        <source>Select a passage, then choose Generate ▸ Variations.</source>
        <translation>请选中一段文字，然后选择 生成 ▸ 改写。</translation>
    </message>
    <message>
        <source>Every sentence</source>
        <translation>每一句</translation>
    </message>
    <message>
        <source>Sentence at cursor</source>
        <translation>光标所在的句子</translation>
    </message>
    <message>
        <source>Creativity</source>
        <translation>创意程度</translation>
    </message>
    <message>
        <source>0 keeps close to the passage&apos;s own meaning; further right wanders further</source>
        <translation>0 贴近原文的意思；越往右越天马行空</translation>
    </message>
    <message>
        <source>1.0</source>
        <translation>1.0</translation>
    </message>
    <message>
        <source>Click a variation to put it in place of the passage (%1 undoes it)</source>
        <translation>点击一个改写，替换原段落（%1 可撤销）</translation>
    </message>
    <message>
        <source>Re-roll</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Draw new variations (%1)</source>
        <translation>重新改写（%1）</translation>
    </message>
    <message>
        <source>Varying: “%1”</source>
        <translation>正在改写：“%1”</translation>
    </message>
    <message>
        <source>Writing variations…</source>
        <translation>正在改写……</translation>
    </message>
</context>
</TS>
