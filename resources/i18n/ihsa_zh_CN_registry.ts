<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ApplicationDetailDialog</name>
    <message>
        <location filename="../../ui/registry/detail_dialog.py" line="+312"/>
        <source>Application details</source>
        <translation>应用详情</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status and indicators</source>
        <translation>状态与监测指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authorization code</source>
        <translation>授权码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rectifications</source>
        <translation>整改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status:</source>
        <translation>状态：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last assessment:</source>
        <translation>最近评估：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grade trend:</source>
        <translation>评级趋势：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Re-assessment due:</source>
        <translation>复评到期：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rectifications:</source>
        <translation>整改项：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Authorization code:</source>
        <translation>授权码：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Builds seen in analyses:</source>
        <translation>分析中发现的安装包：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Change status</source>
        <translation>变更状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New s&amp;tatus:</source>
        <translation>新状态(&amp;T)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Based on &amp;case:</source>
        <translation>依据案件(&amp;C)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reason:</source>
        <translation>理由(&amp;R)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Why (kept in the history)</source>
        <translation>变更理由（记入历史）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;pply</source>
        <translation>执行变更(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status &amp;history:</source>
        <translation>状态历史(&amp;H)：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>From</source>
        <translation>原状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>To</source>
        <translation>新状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+31"/>
        <source>Case</source>
        <translation>案件</translation>
    </message>
    <message>
        <location line="-30"/>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Valid for (days):</source>
        <translation>有效期（天）(&amp;V)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Issue new code…</source>
        <translation>签发新授权码(&amp;I)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;opy code</source>
        <translation>复制授权码(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verify a code</source>
        <translation>核验授权码</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paste a signed code (IHSA1.…) or type a code id</source>
        <translation>粘贴签名授权码（IHSA1.…）或输入授权码编号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>V&amp;erify</source>
        <translation>核验(&amp;E)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Regulator cer&amp;tificate…</source>
        <translation>监管机构证书(&amp;T)…</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Verif&amp;y fix</source>
        <translation>复核确认(&amp;Y)</translation>
    </message>
    <message>
        <location line="-29"/>
        <source>&amp;Show:</source>
        <translation>显示(&amp;S)：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open</source>
        <translation>待整改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fixed, awaiting verification</source>
        <translation>已整改待复核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No.</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Due</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>问题</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Note / justification:</source>
        <translation>说明/理由(&amp;N)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;vidence reference:</source>
        <translation>证据出处(&amp;V)：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark &amp;fixed</source>
        <translation>标记已整改(&amp;F)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re&amp;open</source>
        <translation>退回整改(&amp;O)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Waive</source>
        <translation>豁免(&amp;W)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 since %2</source>
        <translation>%1（自 %2 起）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Case %1, %2, grade %3, score %4</source>
        <translation>案件 %1，%2，评级 %3，得分 %4</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>none approved yet</source>
        <translation>尚无已批准的评估</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>(overdue)</source>
        <translation>（已逾期）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 open, %2 overdue</source>
        <translation>待整改 %1 项，逾期 %2 项</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>overdue</source>
        <translation>已逾期</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>none issued</source>
        <translation>未签发</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>valid</source>
        <translation>有效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>expired</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not valid yet</source>
        <translation>尚未生效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>revoked</source>
        <translation>已撤销</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 — %2, %3 to %4 (serial %5)</source>
        <translation>%1 — %2，%3 至 %4（序号 %5）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>no counterfeit or outdated build seen</source>
        <translation>未发现仿冒或过期版本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>counterfeit (other certificate)</source>
        <translation>仿冒（签名证书不同）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>tampered (signature broken)</source>
        <translation>被篡改（签名校验失败）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>outdated version</source>
        <translation>过期版本</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>critical</source>
        <translation>严重</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>high</source>
        <translation>高</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>medium</source>
        <translation>中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>info</source>
        <translation>提示</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>open</source>
        <translation>待整改</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fixed, awaiting verification</source>
        <translation>已整改待复核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>verified</source>
        <translation>已复核</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>waived</source>
        <translation>已豁免</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Sign in first</source>
        <translation>请先登录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Needs the reviewer or administrator role (you are %1)</source>
        <translation>需要复核员或管理员角色（当前用户：%1）</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>No authorization-code key on this workstation yet: an administrator creates it with “ihsa authz init-key”.</source>
        <translation>本工作站尚无授权码签发密钥：请管理员用“ihsa authz init-key”创建。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Authorization-code key</source>
        <translation>授权码签发密钥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passphrase of the regulator&apos;s key:</source>
        <translation>监管机构密钥的口令：</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Regulator certificate</source>
        <translation>监管机构证书</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Certificates (*.pem *.crt *.cer *.der);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer *.der);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Paste a code first.</source>
        <translation>请先粘贴授权码。</translation>
    </message>
</context>
<context>
    <name>RegistryMenu</name>
    <message>
        <location filename="../../ui/registry/__init__.py" line="+39"/>
        <source>Re&amp;gistry</source>
        <translation>监管登记(&amp;G)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Application &amp;details…</source>
        <translation>应用详情(&amp;D)…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Select an application or a case first.</source>
        <translation>请先选择一个应用或案件。</translation>
    </message>
</context>
</TS>
