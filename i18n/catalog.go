// Package i18n is the message catalogue of every user-visible string —
// console, CLI, report and hub — in zh-CN and en, so that one reason code
// reads the same wherever it is shown.
package i18n

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"golang.org/x/text/language"
)

// Every string gatepost shows comes from this table: [zh-CN, en]. Keys
// name the place a string is used. Format verbs must match in both columns
// (a test checks), so a translation can never drop an argument.
var messages = map[string][2]string{
	// chrome
	"app.title":          {"门岗值守", "Gate post"},
	"status.nohub":       {"未接市局平台", "no hub configured"},
	"status.pending":     {"待同步 %d", "%d to sync"},
	"status.noguard":     {"未签到", "not signed in"},
	"sync.syncing":       {"同步中", "syncing"},
	"sync.online":        {"在线 %s", "online %s"},
	"sync.offline":       {"离线（上次 %s）", "offline (last %s)"},
	"sync.offline.never": {"离线", "offline"},
	"sync.rejected":      {"退回 %d", "%d rejected"},
	"sync.notjoined":     {"本终端未接入市局平台，无法同步（gatepost join）", "This terminal has not joined a hub (gatepost join)"},
	"sync.running":       {"正在同步…", "Syncing…"},
	"sync.done":          {"同步完成：上传 %d 条，下载 %d 项，待同步 %d 条", "Synced: %d sent, %d received, %d still to send"},
	"status.loading":     {"正在加载…", "Loading…"},
	"status.toosmall":    {"窗口太小：至少需要 80×24", "Window too small: 80×24 needed"},
	"gate.name.0":        {"四项措施", "Daily measures"},
	"gate.name.1":        {"场所大门", "Main gate"},
	"gate.name.2":        {"戒毒管理区", "Custody zone"},
	"gate.name.3":        {"隔离备勤区", "Standby quarantine"},
	"gate.name.4":        {"办公区", "Office"},
	"gate.name.5":        {"伙房", "Kitchen"},
	"gate.title":         {"%s %s", "Gate %s · %s"},
	"gate.ord.1":         {"第一关", "1"},
	"gate.ord.2":         {"第二关", "2"},
	"gate.ord.3":         {"第三关", "3"},
	"gate.ord.4":         {"第四关", "4"},
	"gate.ord.5":         {"第五关", "5"},
	"gate.tag":           {"%s", "Gate %s"},
	"gate.rule.1":        {"封闭管理：仅在册民警职工或持有效通行证人员方可进入，外来车辆一律不得入内", "Closed management: rostered staff or valid passes only; no outside vehicles"},
	"gate.rule.2":        {"隔离值守：仅戒毒管理区值勤人员可出入，物资消毒后方可入库", "Isolated duty: custody staff only; supplies disinfected before storage"},
	"gate.rule.3":        {"备勤人员原地备勤、不与他人接触，随时应急", "Standby staff stay put, meet nobody, ready for call-up"},
	"gate.rule.4":        {"仅疫情防控必需人员到岗，其余居家办公", "Only epidemic-duty staff on site; others work from home"},
	"gate.rule.5":        {"来源不明、无合格证明、过期或冷链证明不全的食品一律不得入内", "No food of unknown origin, uncertified, expired or missing cold-chain papers"},

	// sign-in
	"signin.title":    {"值班签到", "Sign in for duty"},
	"signin.badge":    {"警号", "Badge"},
	"signin.pin":      {"密码", "PIN"},
	"signin.demo":     {"演示账号：民警 1001 / 1234，值班领导 9001 / 9999", "Demo: guard 1001 / 1234, supervisor 9001 / 9999"},
	"signin.checking": {"正在核验…", "Checking…"},
	"signin.locked":   {"该警号连续输错密码，已锁定至 %s", "Too many wrong PINs: badge locked until %s"},
	"signin.empty":    {"请输入警号和密码", "Enter badge and PIN"},
	"signin.failed":   {"签到失败：%s", "Sign-in failed: %s"},
	"lock.title":      {"屏幕已锁定", "Screen locked"},
	"lock.hint":       {"%s 请输入密码解锁", "%s, enter your PIN to unlock"},

	// gate 1 form
	"f.subject":        {"类别", "Who"},
	"f.direction":      {"方向", "Dir"},
	"f.badge":          {"警号/证件号", "Badge/ID"},
	"f.name":           {"姓名", "Name"},
	"f.plate":          {"车牌", "Plate"},
	"f.temp":           {"体温", "Temp"},
	"f.purpose":        {"事由", "Purpose"},
	"f.recheck":        {"复测体温", "Recheck"},
	"subject.staff":    {"民警职工", "Staff"},
	"subject.detainee": {"戒毒人员", "Detainee"},
	"subject.visitor":  {"来访人员", "Visitor"},
	"subject.vehicle":  {"车辆", "Vehicle"},
	"subject.delivery": {"送货人员", "Delivery"},
	"dir.in":           {"进", "In"},
	"dir.out":          {"出", "Out"},
	"lookup.none":      {"名册中无此人", "not on the roster"},
	"lookup.inactive":  {"（已停用）", "(inactive)"},
	"form.empty":       {"请先填写警号、证件号或车牌", "Enter a badge, ID number or plate first"},
	"form.saved":       {"已保存：第 %d 条记录", "Saved: record %d"},
	"form.savefail":    {"保存失败，内容已保留，请重试：%s", "Not saved, your input is kept; try again: %s"},
	"form.cleared":     {"已清空", "Cleared"},

	// decisions
	"dec.allow":              {"准予通行", "ALLOW"},
	"dec.deny":               {"不予通行", "DENY"},
	"dec.confirm":            {"Enter 保存 · Esc 返回修改", "Enter save · Esc edit"},
	"dec.confirmdeny":        {"Enter 保存拒绝记录 · Ctrl+O 领导特批 · Esc 返回修改", "Enter save denial · Ctrl+O override · Esc edit"},
	"dec.recheck":            {"体温 %s℃ 达到发热标准（≥%s℃），请间隔几分钟改用腋温复测后输入，Enter 确认", "%s °C is a fever (≥ %s °C): wait, recheck under the arm, type it, Enter"},
	"reason.staff":           {"在册民警职工", "staff on the roster"},
	"reason.pass":            {"持有效通行证", "valid pass"},
	"reason.exit":            {"离开，登记放行", "leaving, logged"},
	"reason.not_on_roster":   {"不在名册且无有效通行证，封闭管理期间不得进入", "not on the roster and no valid pass: no entry during closed management"},
	"reason.inactive":        {"名册中已停用，不得进入", "inactive on the roster: no entry"},
	"reason.pass_expired":    {"通行证不在有效期内", "the pass is not valid now"},
	"reason.vehicle_no_pass": {"外来车辆无有效通行证，一律不得入内", "outside vehicle without a valid pass: no entry"},
	"reason.need_temp":       {"进入须测体温，请输入体温", "entry needs a temperature: enter one"},
	"reason.fever":           {"复测仍≥%s℃，不得进入；保存后上报异常，请引导至临时留观点", "recheck still ≥ %s °C: no entry; saving raises an incident; take them to the observation point"},
	"reason.detainee_escort": {"戒毒人员出所须凭所外就医（出所）审批手续，民警押送", "a detainee leaves only with an approved exit (outside medical care) and a police escort"},
	"reason.need_identity":   {"请填写警号、证件号或车牌", "enter a badge, ID number or plate"},
	"rs.staff":               {"在册民警职工", "staff"},
	"rs.pass":                {"通行证", "pass"},
	"rs.exit":                {"离开", "exit"},
	"rs.not_on_roster":       {"非在册无证人员", "not on roster"},
	"rs.inactive":            {"已停用（调离）", "inactive"},
	"rs.pass_expired":        {"通行证过期", "pass expired"},
	"rs.vehicle_no_pass":     {"车辆无通行证", "vehicle without pass"},
	"rs.need_temp":           {"未测体温", "no temperature"},
	"rs.fever":               {"发热", "fever"},
	"rs.detainee_escort":     {"无出所审批", "no exit approval"},
	"rs.need_identity":       {"未录入身份信息", "no identity"},
	"reason.unknown":         {"原因：%s", "reason: %s"},

	// input errors
	"err.temp.empty":       {"请输入体温", "Enter a temperature"},
	"err.name.roster":      {"姓名取自名册：%s，无需填写", "The name comes from the roster: %s"},
	"err.name.number":      {"姓名不能是数字：%q（体温请填在体温栏）", "A name is not a number: %q (the temperature goes in Temp)"},
	"err.pin.intext":       {"所填文字中含有领导密码，未保存：请删去后再提交", "The text typed holds the supervisor's PIN; nothing was saved: delete it and submit again"},
	"err.temp.format":      {"体温格式不对：%q（例：36.5 或 365）", "Temperature not understood: %q (e.g. 36.5 or 365)"},
	"err.temp.implausible": {"体温 %q 不在 34.0–42.5℃ 之间，请重新测量", "%q is outside 34.0–42.5 °C: measure again"},
	"err.id.length":        {"身份证号应为 18 位：%q", "A resident ID has 18 characters: %q"},
	"err.id.format":        {"身份证号只能是数字，最后一位可为 X：%q", "A resident ID is digits, the last may be X: %q"},
	"err.id.checksum":      {"身份证号校验位不对，请核对：%q", "Resident ID check digit is wrong: %q"},
	"err.id.date":          {"身份证号中的出生日期不对：%q", "Resident ID birth date is not valid: %q"},
	"err.plate.empty":      {"请输入车牌", "Enter a plate"},
	"err.plate.format":     {"车牌格式不对：%q（例：苏A12345）", "Plate not understood: %q (e.g. 苏A12345)"},
	"err.phone.format":     {"手机号应为 11 位数字：%q", "A phone number has 11 digits: %q"},
	"err.generic":          {"输入有误：%q", "Input not accepted: %q"},

	// counters and log
	"count.in":         {"进 %d", "in %d"},
	"count.out":        {"出 %d", "out %d"},
	"count.denied":     {"拒 %d", "denied %d"},
	"count.fever":      {"发热 %d", "fever %d"},
	"count.inside":     {"场内 %d", "inside %d"},
	"log.title":        {"今日记录", "Today's log"},
	"log.empty":        {"今日暂无记录", "Nothing logged today"},
	"log.page":         {"第 %d 页", "page %d"},
	"log.void":         {"[作废]", "[VOID]"},
	"log.override":     {"[特批]", "[OVRD]"}, // as wide as the Chinese mark: the reason after it must fit the row
	"log.loadfail":     {"读取记录失败：%s", "Could not read the log: %s"},
	"kind.shift.open":  {"上岗", "on duty"},
	"kind.shift.close": {"交班", "handover"},
	"kind.incident":    {"异常", "incident"},
	"kind.override":    {"特批", "override"},
	"kind.void":        {"作废", "void"},
	"kind.temperature": {"测温", "temp."},
	"kind.other":       {"%s", "%s"},
	"incident.fever":   {"发热", "fever"},
	"log.ref":          {"→ 第 %d 条", "→ #%d"},

	// supervisor actions
	"sup.override.title":  {"领导特批放行", "Supervisor override"},
	"sup.void.title":      {"作废记录", "Void a record"},
	"sup.badge":           {"领导警号", "Sup. badge"},
	"sup.pin":             {"密码", "PIN"},
	"sup.reason":          {"理由", "Reason"},
	"sup.notsup":          {"%s 不是值班领导，无权操作", "%s is not a supervisor"},
	"sup.needreason":      {"请填写理由", "Enter a reason"},
	"sup.target":          {"记录：%s", "Record: %s"},
	"sup.done.void":       {"已作废：第 %d 条", "Voided: record %d"},
	"sup.cannot.void":     {"该记录已作废", "That record is already void"},
	"sup.cannot.override": {"只能特批被拒绝且未特批的通行记录", "Only a denied passage not yet overridden can be overridden"},
	"sup.nosel":           {"请先用 Tab 进入记录列表并选中一条", "Tab to the log and select a row first"},

	// shift
	"shift.close.title": {"交班", "Close shift"},
	"shift.handover":    {"交班说明", "Handover note"},
	"shift.summary":     {"本班小结：%s", "This shift: %s"},
	"shift.needsnote":   {"请写交班说明", "Write a handover note"},
	"shift.closed":      {"已交班。", "Shift closed."},
	"shift.opened":      {"%s 已上岗", "%s on duty"},

	// quit
	"quit.confirm": {"表单中有未保存的内容，确定退出？ y 退出 / n 返回", "The form holds unsaved input. Quit? y quit / n stay"},

	// help
	"help.title":   {"按键说明", "Keys"},
	"key.gates":    {"切换门岗", "switch gate"},
	"key.sync":     {"立即同步", "sync now"},
	"key.daily":    {"四项措施", "daily measures"},
	"key.next":     {"下一项", "next field"},
	"key.prev":     {"上一项", "previous field"},
	"key.enter":    {"判定 / 保存", "decide / save"},
	"key.esc":      {"取消 / 返回", "cancel / back"},
	"key.choose":   {"选择", "choose"},
	"key.page":     {"翻页", "page"},
	"key.select":   {"选中记录", "select row"},
	"key.void":     {"作废", "void"},
	"key.override": {"特批", "override"},
	"key.shift":    {"交班", "close shift"},
	"key.help":     {"帮助", "help"},
	"key.quit":     {"退出", "quit"},
	"key.clear":    {"清空表单", "clear form"},

	// daily measures (F6): roll-call, disinfection, report, gaps, notices
	"gate.rule.0":                  {"四项措施：日筛查、日报告、日研判、日部署", "Four daily measures: screening, report, assessment, deployment"},
	"kind.report.daily":            {"日报", "report"},
	"kind.notice.ack":              {"确认通知", "notice"},
	"dm.part.roll":                 {"点名测温", "Roll-call"},
	"dm.part.disinfect":            {"消毒登记", "Disinfection"},
	"dm.part.report":               {"日报", "Report"},
	"dm.part.gaps":                 {"研判", "Assessment"},
	"dm.part.notices":              {"部署（通知）", "Deployment (notices)"},
	"dm.key.parts":                 {"切换", "parts"},
	"dm.key.save":                  {"保存", "save"},
	"dm.key.group":                 {"换组", "group"},
	"dm.key.person":                {"选人", "person"},
	"dm.key.submit":                {"领导提交", "submit"},
	"dm.key.scroll":                {"滚动", "scroll"},
	"dm.key.day":                   {"换日期", "day"},
	"dm.key.open":                  {"打开", "open"},
	"dm.key.ack":                   {"确认已阅", "acknowledge"},
	"dm.saved":                     {"已保存：%s（第 %d 条记录）", "Saved: %s (record %d)"},
	"dm.savefail":                  {"未保存：%s，请重试：%s", "Not saved: %s; try again: %s"},
	"dm.banner":                    {"【通知】%s（未确认 %d 条）按 F6 → 部署（通知） 阅读并确认", "NOTICE: %s (%d unread): F6, Deployment, to acknowledge"},
	"dm.nounit":                    {"未分组", "no unit"},
	"dm.roll.total":                {"今日测温 %s（%d%%）", "Screened %s (%d%%)"},
	"dm.roll.staff":                {"民警职工 %s", "staff %s"},
	"dm.roll.detainees":            {"戒毒人员 %s", "detainees %s"},
	"dm.roll.wfh":                  {"居家 %d", "WFH %d"},
	"dm.roll.fevers":               {"发热 %d", "fevers %d"},
	"dm.roll.pending":              {"待复测 %d", "recheck due %d"},
	"dm.roll.group":                {"分组", "Group"},
	"dm.roll.groupof":              {"←/→ 第 %d/%d 组", "←/→ group %d of %d"},
	"dm.roll.noroster":             {"名册为空：请先导入人员名册", "The roster is empty: import it first"},
	"dm.roll.hint":                 {"输入体温后按 Enter，如 365 即 36.5℃；↑/↓ 选人，←/→ 换组", "Type the reading and Enter, 365 is 36.5 °C; ↑/↓ person, ←/→ group"},
	"dm.roll.recheck":              {"%s 体温达到发热标准：请复测，输入复测体温后 Enter；Esc 稍后复测", "%s has a fever reading: measure again, type it, Enter; Esc to recheck later"},
	"dm.roll.fever":                {"%s 体温 %s℃ 达到发热标准（≥%s℃），请复测", "%s: %s °C is a fever (≥ %s °C): measure again"},
	"dm.roll.confirmed":            {"%s 复测 %s℃ 仍发热：已上报异常，请按发热处置流程办理", "%s: recheck %s °C, still a fever: incident raised, follow the fever procedure"},
	"dm.roll.later":                {"%s 稍后复测，已列入研判清单", "%s: recheck later; it is on the assessment checklist"},
	"dm.roll.groupdone":            {"本组已全部测温，←/→ 换下一组", "Everyone in this group is screened; ←/→ for the next group"},
	"dm.roll.unchecked":            {"未测 %d：", "Unchecked %d: "},
	"dm.st.unchecked":              {"未测", "not yet"},
	"dm.st.saving":                 {"保存中", "saving"},
	"dm.st.pending":                {"发热 待复测", "FEVER recheck"},
	"dm.st.fever":                  {"发热 已上报", "FEVER reported"},
	"dm.st.cleared":                {"复测正常", "recheck normal"},
	"dm.f.zone":                    {"区域", "Zone"},
	"dm.f.area":                    {"消杀部位", "Area"},
	"dm.f.operator":                {"操作人", "Operator"},
	"dm.f.time":                    {"时间", "Time"},
	"dm.f.now":                     {"留空为当前时间", "empty = now"},
	"dm.f.typed":                   {"（自填）", "(typed)"},
	"dm.dis.summary":               {"今日消杀：%d/%d 个区域，共 %d 次", "Disinfected today: %d of %d zone{|s}, %d time{|s}"},
	"dm.dis.notyet":                {"今日未消杀", "not yet today"},
	"dm.dis.done":                  {"已消杀 %d 次", "done (%d)"},
	"dm.dis.hint":                  {"←/→ 选择，直接输入可改部位或药剂；Tab 下一项；Enter 保存", "←/→ choose, type to edit area or agent; Tab next; Enter save"},
	"dm.dis.noarea":                {"请填写消杀部位", "Enter the area"},
	"dm.dis.noagent":               {"请填写消毒剂", "Enter the disinfectant"},
	"dm.dis.nooperator":            {"请填写操作人", "Enter who did it"},
	"dm.dis.time":                  {"时间格式不对：%q（例：9:05）", "Time not understood: %q (e.g. 9:05)"},
	"dm.dis.future":                {"时间 %q 还未到，请核对", "%q is later than now: check it"},
	"dm.agent.chlorine":            {"含氯消毒剂", "chlorine disinfectant"},
	"dm.agent.chlorine_high":       {"含氯消毒剂（高浓度）", "chlorine disinfectant (strong)"},
	"dm.agent.alcohol":             {"75%酒精", "alcohol (75%)"},
	"dm.agent.peracetic":           {"过氧乙酸", "peracetic acid"},
	"dm.agent.uv":                  {"紫外线灯", "UV lamp"},
	"dm.areas.main_gate":           {"门岗值班室|检查通道|车辆通道|外围警戒区", "gatehouse|inspection lane|vehicle lane|outer cordon"},
	"dm.areas.custody":             {"隔离岗|宿舍|走廊|物资库房|医务室|活动室", "isolation post|dormitories|corridors|supply store|infirmary|day room"},
	"dm.areas.standby":             {"备勤宿舍|备勤区走廊|备勤区卫生间", "standby quarters|standby corridor|standby washrooms"},
	"dm.areas.office":              {"办公室|会议室|楼道电梯|卫生间", "offices|meeting room|stairs and lift|washrooms"},
	"dm.areas.kitchen":             {"厨房操作间|餐厅|留样柜|食品库房", "kitchen|canteen|sample fridge|food store"},
	"dm.rv.day":                    {"日报 %s", "Report %s"},
	"dm.rv.asof":                   {"截至 %s", "as of %s"},
	"dm.rv.abnormal":               {"异常 %d 项", "%d abnormal"},
	"dm.rv.submitted":              {"已提交 %s %s（共 %d 次）", "sent %s by %s (%d)"},
	"dm.rv.notsubmitted":           {"未提交", "not submitted"},
	"dm.rv.lines":                  {"第 %d–%d 行/共 %d 行", "lines %d–%d of %d"},
	"dm.rv.hint":                   {"↑/↓ 滚动 · ←/→ 换日期 · Enter 领导提交", "↑/↓ scroll · ←/→ day · Enter submit"},
	"dm.sub.title":                 {"提交日报：%s", "Submit the report of %s"},
	"dm.sub.again":                 {"重新提交日报：%s（已提交 %d 次）", "Submit again the report of %s (submitted %d time{|s})"},
	"dm.sub.reason":                {"重报理由", "Reason"},
	"dm.sub.needreason":            {"重新提交须写明理由", "Submitting again needs a reason"},
	"dm.sub.note":                  {"须值班领导警号和密码；提交后以最后一次为准", "A duty supervisor's badge and PIN; the latest submission counts"},
	"dm.sub.done.zero":             {"已提交 %s 日报（零报告：今日无异常），第 %d 条记录", "Submitted the report of %s (zero report: nothing abnormal), record %d"},
	"dm.sub.done":                  {"已提交 %s 日报，第 %d 条记录，异常 %d 项", "Submitted the report of %s, record %d, %d abnormal"},
	"dm.gp.head":                   {"日研判 %s 截至 %s", "Assessment %s as of %s"},
	"dm.gp.none":                   {"各项均已落实", "nothing open"},
	"dm.gp.open":                   {"待办 %d 项", "%d open"},
	"dm.gp.hint":                   {"↑/↓ 选择 · Enter 查看清单 · 清单中 Enter 到点名测温", "↑/↓ choose · Enter list · in a list, Enter goes to roll-call"},
	"dm.gp.back":                   {"Esc 返回", "Esc back"},
	"dm.gp.empty":                  {"无", "none"},
	"dm.gap.unscreened":            {"未测体温人员", "People not screened"},
	"dm.gap.zones":                 {"未消杀区域", "Zones not disinfected"},
	"dm.gap.supplies":              {"物资未入库", "Supplies not stored"},
	"dm.gap.standby":               {"备勤人员未做健康监测", "Standby health checks missing"},
	"dm.gap.samples":               {"餐次未留样", "Meals without a sample"},
	"dm.gap.recheck":               {"发热未复测", "Fevers not rechecked"},
	"dm.gap.review":                {"特批与作废待审核", "Overrides and voids to review"},
	"dm.nv.none":                   {"今日没有通知", "No notices today"},
	"dm.nv.head":                   {"今日通知 %d 条，未确认 %d 条", "%d notice{|s} today, %d unacknowledged"},
	"dm.nv.unacked":                {"[未确认]", "[NEW]"},
	"dm.nv.acked":                  {"[已确认 %s %s]", "[read %s %s]"},
	"dm.nv.hint":                   {"阅读后按 Enter 确认（记录确认人和时间）", "Read it, then Enter to acknowledge (who and when are recorded)"},
	"dm.nv.done":                   {"已确认", "Acknowledged"},
	"dm.notice.acked":              {"已确认通知：%s", "Acknowledged: %s"},
	"dm.fever.confirmed":           {"复测%s℃，确认发热，已上报，待处置", "recheck %s °C: fever confirmed, reported, awaiting action"},
	"dm.fever.cleared":             {"复测 %s℃，体温正常", "recheck %s °C: normal"},
	"dm.fever.pending":             {"尚未复测", "not yet rechecked"},
	"dm.abn.fever":                 {"确认发热", "confirmed fever"},
	"dm.abn.recheck_missing":       {"发热未复测", "fever not rechecked"},
	"dm.abn.unscreened":            {"有人员未测体温", "people not screened"},
	"dm.abn.zone_missed":           {"有区域未消杀", "zones not disinfected"},
	"dm.abn.incident":              {"发生异常事件", "incidents"},
	"dm.abn.food_rejected":         {"有食品拒收", "food rejected"},
	"dm.abn.standby_missed":        {"备勤人员未做健康监测", "standby health checks missing"},
	"dm.abn.sample_missed":         {"有餐次未留样", "meal samples missing"},
	"dm.r.day":                     {"%d年%d月%d日", "%d-%d-%d"},
	"dm.r.title":                   {"%s疫情防控和安全稳定情况日报", "Daily report on epidemic prevention and security: %s"},
	"dm.r.date":                    {"（%s）", "%s"},
	"dm.r.unit":                    {"报送单位：%s", "Reporting unit: %s"},
	"dm.r.period":                  {"统计时段：%s 0时至24时", "Period: %s, 00:00 to 24:00"},
	"dm.r.period.part":             {"统计时段：%s 0时至%s（当日尚未结束）", "Period: %s, 00:00 to %s (the day is not over)"},
	"dm.r.place0":                  {"点名测温", "roll-call"},
	"dm.r.who":                     {"%s（%s）", "%s (%s)"},
	"dm.r.comma":                   {"，", ", "},
	"dm.r.s1":                      {"一、日筛查情况", "1. Daily screening"},
	"dm.r.temp":                    {"体温监测。当日应测%d人，实测%d人，测温率%d%%，其中民警职工应测%d人、实测%d人，戒毒人员应测%d人、实测%d人；共测温%d人次。", "Temperatures. %[2]d of %[1]d screened (%[3]d%%): staff %[5]d of %[4]d, detainees %[7]d of %[6]d; %[8]d reading{|s} in all. "},
	"dm.r.wfh":                     {"居家办公民警职工%d人，由本人每日报告健康状况。", "%d staff member{|s} working from home {reports|report} their health daily. "},
	"dm.r.unchecked":               {"未测体温%d人。", "Not screened: %d. "},
	"dm.r.unchecked.none":          {"应测人员均已测温。", "Everyone due has been screened. "},
	"dm.r.unchecked.none.sessions": {"应测人员当日均已至少测温一次。", "Everyone due was screened at least once that day. "},
	"dm.r.fevers":                  {"发现体温异常%d人次。", "Fever readings: %d."},
	"dm.r.fevers.none":             {"未发现发热人员。", "No fever found."},
	"dm.r.item.unchecked":          {"未测：%s（%d人）：%s", "Not screened: %s (%d): %s"},
	"dm.r.item.fever":              {"%s", "Fever: %s"},
	"dm.r.fever":                   {"%[2]s，%[3]s：%[1]s体温%[4]s℃，%[5]s", "%s, %s (%s): %s °C, %s"},
	"dm.r.disinf":                  {"消毒消杀。应消杀区域%d个，已消杀%d个，共消杀%d次。", "Disinfection. %d zone{|s}, %d disinfected, %d time{|s} in all. "},
	"dm.r.disinf.missed":           {"未消杀：%s。", "Not disinfected: %s."},
	"dm.r.disinf.done":             {"各区域均已消杀。", "Every zone has been disinfected."},
	"dm.r.s2":                      {"二、各关口情况", "2. The gates"},
	"dm.r.gate":                    {"%s：进入%d人次，离开%d人次，拒绝通行%d人次%s，特批放行%d人次%s。", "%s: %d in, %d out, %d denied%s, %d overridden%s. "},
	"dm.r.gate.fevers":             {"，发热%d人次", ", %d fever{|s}"},
	"dm.r.gate.name":               {"%s：", "%s: "},
	"dm.r.gate.none":               {"%s：无人员进出记录。", "%s: no crossings. "},
	"dm.r.denials":                 {"（其中%s）", " (%s)"},
	"dm.r.denial":                  {"%s%d人次", "%s %d"},
	"dm.r.supplies":                {"物资接收%d批、消毒%d批、入库%d批。", "Supplies: %d received, %d disinfected, %d stored. "},
	"dm.r.supplies.pending":        {"待入库%d批：", "Not yet stored: %d."},
	"dm.r.supply":                  {"%s %s%s（%s，%s，%s 接收）", "%s %s %s (%s, %s, received %s)"},
	"dm.r.standby":                 {"现有隔离备勤民警职工%d人，当日完成健康监测%d人；新进入%d人，期满结束%d人，紧急调用%d人。", "In standby: %d, health-checked today: %d; %d started, %d ended, %d called up. "},
	"dm.r.standby.missing":         {"未做健康监测%d人：", "No health check: %d."},
	"dm.r.office":                  {"当日在岗办公%d人，居家办公%d人，未安排%d人。", "On site %d, working from home %d, not set %d."},
	"dm.r.office.nolist":           {"当日未设到岗名单。", "No on-site list was set today."},
	"dm.r.food":                    {"进货查验食品%d批，合格%d批，拒收%d批。", "Food deliveries inspected: %d, accepted %d, rejected %d. "},
	"dm.r.food.rejected":           {"拒收%d批：", "Rejected: %d."},
	"dm.r.food.item":               {"拒收%s %s%s（供货单位：%s，批号：%s；原因：%s）", "Rejected %s %s %s (supplier: %s, batch: %s; %s)"},
	"dm.r.samples":                 {"留样%d餐（%s），现存留样%d份。", "Samples: %d meal{|s} (%s); %d held. "},
	"dm.r.samples.none":            {"当日未留样。", "No meal sample today. "},
	"dm.r.samples.missing":         {"未留样：%s。", "No sample: %s. "},
	"dm.r.s3":                      {"三、异常情况", "3. Abnormal events"},
	"dm.r.incidents.none":          {"异常事件：无。", "Incidents: none."},
	"dm.r.incidents":               {"异常事件%d起：", "Incidents: %d."},
	"dm.r.overrides.none":          {"特批放行：无。", "Overrides: none."},
	"dm.r.overrides":               {"特批放行%d次：", "Overrides: %d."},
	"dm.r.voids.none":              {"作废记录：无。", "Voided records: none."},
	"dm.r.voids":                   {"作废记录%d条：", "Voided records: %d."},
	"dm.r.correction":              {"%s %s 第 %d 条 %s，值班领导 %s，理由：%s", "%s %s #%d %s, supervisor %s, reason: %s"},
	"dm.r.s4":                      {"四、研判意见及下步措施", "4. Assessment and next steps"},
	"dm.r.zero":                    {"当日无异常情况（零报告）。", "Nothing abnormal (zero report)."},
	"dm.r.abnormal":                {"当日存在问题%d项：%s。详见上文。", "%d abnormal finding{|s} today: %s. See above."},
	"dm.r.footer":                  {"（本报告由 gatepost 依本终端当日%d条记录自动生成。）", "(Generated by gatepost from this terminal's %d record{|s} of the day.)"},
	"dm.md.group":                  {"类别", "Group"},
	"dm.md.expected":               {"应测", "Due"},
	"dm.md.checked":                {"已测", "Screened"},
	"dm.md.rate":                   {"覆盖率", "Coverage"},
	"dm.md.total":                  {"合计", "Total"},
	"dm.md.gate":                   {"关口", "Gate"},
	"dm.md.in":                     {"进入", "In"},
	"dm.md.out":                    {"离开", "Out"},
	"dm.md.denied":                 {"拒绝", "Denied"},
	"dm.md.overridden":             {"特批", "Overridden"},
	"dm.md.fevers":                 {"发热", "Fevers"},
	"dm.sum.records":               {"记录", "records"},
	"dm.sum.in":                    {"进入", "in"},
	"dm.sum.out":                   {"离开", "out"},
	"dm.sum.denied":                {"拒绝", "denied"},
	"dm.sum.overridden":            {"特批放行", "overridden"},
	"dm.sum.readings":              {"测温", "readings"},
	"dm.sum.fevers":                {"发热", "fevers"},
	"dm.sum.disinfections":         {"消杀", "disinfections"},
	"dm.sum.supplies_received":     {"物资接收", "supplies received"},
	"dm.sum.supplies_stored":       {"物资入库", "supplies stored"},
	"dm.sum.food_inspected":        {"进货查验", "food inspected"},
	"dm.sum.food_rejected":         {"食品拒收", "food rejected"},
	"dm.sum.samples":               {"留样", "samples"},
	"dm.sum.standby_checkins":      {"备勤监测", "standby health checks"},
	"dm.sum.incidents":             {"异常", "incidents"},
	"dm.sum.overrides":             {"特批", "overrides"},
	"dm.sum.voids":                 {"作废", "voids"},

	// gates 2–5: shared
	"form.nobadge":            {"请输入警号", "Enter a badge"},
	"err.required":            {"请填写%s", "%s is required"},
	"dec.contact":             {"保存后上报接触违规 · Enter 保存 · Ctrl+O 领导特批 · Esc 返回", "Saving reports a contact violation · Enter save · Ctrl+O override · Esc edit"},
	"panel.more":              {"另有 %d 项未列出", "%d more not shown"},
	"list.sep":                {"、", ", "},
	"unit.minutes":            {"分钟", "min"},
	"assign.custody":          {"戒毒管理区值勤", "custody duty"},
	"assign.standby":          {"隔离备勤", "standby"},
	"assign.office":           {"办公区", "office"},
	"assign.wfh":              {"居家办公", "works from home"},
	"incident.contact":        {"接触违规", "contact violation"},
	"incident.contact.detail": {"第%d关，备勤第 %d 天", "gate %d, standby day %d"},
	"reason.custody":          {"戒毒管理区值勤人员", "on custody duty"},
	"reason.on_site":          {"今日到岗名单内", "on today's on-site list"},
	"reason.not_staff":        {"此处仅登记民警职工出入；戒毒人员由民警带领，按所内管理规定办理", "staff only here: detainees move with police, under the facility's rules"},
	"reason.no_contact":       {"隔离值守：戒毒管理区值勤人员与其他人员不得接触", "isolation: custody-duty staff and others must not meet"},
	"reason.standby_contact":  {"正在隔离备勤，不得离开备勤区与他人接触（接触违规）", "in standby quarantine, must meet nobody: contact violation"},
	"reason.wfh":              {"今日居家办公，不得进入办公区", "works from home today: no entry"},
	"reason.not_on_list":      {"不在今日到岗名单内，不得进入", "not on today's on-site list: no entry"},
	"rs.custody":              {"值勤人员", "custody"},
	"rs.on_site":              {"今日到岗", "on site"},
	"rs.not_staff":            {"非民警职工", "not staff"},
	"rs.no_contact":           {"非本区值勤人员", "not on custody duty"},
	"rs.standby_contact":      {"接触违规", "contact"},
	"rs.wfh":                  {"居家办公", "WFH"},
	"rs.not_on_list":          {"未列入到岗名单", "not on the list"},
	"rs.already_standby":      {"已在备勤", "already in standby"},
	"rs.not_in_standby":       {"不在备勤", "not in standby"},
	"rs.planned_end":          {"结束日期有误", "bad end date"},
	"rs.need_reason":          {"未填事由", "no reason given"},
	"kind.supply.received":    {"物资接收", "received"},
	"kind.supply.disinfected": {"物资消毒", "disinf."},
	"kind.supply.stored":      {"物资入库", "stored"},
	"kind.standby.start":      {"开始备勤", "standby"},
	"kind.standby.checkin":    {"备勤监测", "health check"},
	"kind.standby.end":        {"结束备勤", "stby end"},
	"kind.standby.callup":     {"紧急调用", "call-up"},
	"kind.attendance":         {"到岗安排", "rota"},
	"kind.food.inspection":    {"进货查验", "food"},
	"kind.food.sample":        {"留样", "sample"},
	"kind.disinfection":       {"消毒", "disinf."},
	"log.minutes":             {"作用 %d 分钟", "%d min"},
	"log.storedat":            {"存放于 %s", "in %s"},
	"log.until":               {"计划至 %s", "until %s"},
	"log.retain":              {"留至 %s", "kept to %s"},

	// gate 2
	"f.g2mode":                {"登记", "Entry"},
	"g2.mode.cross":           {"人员出入", "Crossing"},
	"g2.mode.receive":         {"物资接收", "Receive"},
	"g2.mode.disinfect":       {"物资消毒", "Disinfect"},
	"g2.mode.store":           {"物资入库", "Store"},
	"supply.living":           {"生活物资", "living"},
	"supply.protective":       {"防护物资", "protective"},
	"supply.other":            {"其他物资", "other"},
	"f.item":                  {"物品", "Item"},
	"f.category":              {"类别", "Kind"},
	"f.qty":                   {"数量", "Qty"},
	"f.unit":                  {"单位", "Unit"},
	"f.source":                {"来源", "From"},
	"f.supply":                {"物资", "Supply"},
	"f.preset":                {"常用方法", "Preset"},
	"f.method":                {"方式", "Method"},
	"f.agent":                 {"消毒剂", "Agent"},
	"f.conc":                  {"浓度", "Conc."},
	"f.minutes":               {"作用时间", "Contact"},
	"f.location":              {"存放位置", "Location"},
	"preset.chlorine":         {"含氯消毒剂 500 mg/L 作用 30 分钟", "chlorine 500 mg/L, 30 min"},
	"preset.chlorine.agent":   {"含氯消毒剂", "chlorine disinfectant"},
	"preset.alcohol":          {"75%酒精擦拭 作用 3 分钟", "alcohol 75%, wipe, 3 min"},
	"preset.alcohol.agent":    {"酒精", "alcohol"},
	"preset.uv":               {"紫外线灯照射 30 分钟", "UV lamp, 30 min"},
	"preset.uv.agent":         {"紫外线灯", "UV lamp"},
	"preset.custom":           {"自定义", "custom"},
	"method.soak":             {"浸泡", "soak"},
	"method.spray":            {"喷洒", "spray"},
	"method.wipe":             {"擦拭", "wipe"},
	"method.uv":               {"紫外线照射", "UV lamp"},
	"method.other":            {"其他", "other"},
	"g2.sum.receive":          {"登记接收：%s %s（%s），来源：%s", "Receive %s, %s (%s), from %s"},
	"g2.sum.disinfect":        {"消毒 #%d %s：%s，作用 %d 分钟，%s 后可入库", "Disinfect #%d %s: %s, %d min contact, storable after %s"},
	"g2.sum.store":            {"入库 #%d %s %s，存放于 %s", "Store #%d %s %s in %s"},
	"g2.none.disinfect":       {"没有待消毒的物资，请先登记接收", "No supply to disinfect: receive it first"},
	"g2.none.store":           {"没有待入库的物资", "No supply waiting to be stored"},
	"g2.note.notyet":          {"尚未消毒，不能入库", "not disinfected yet: cannot be stored"},
	"g2.note.disinfected":     {"%s 消毒（%s），作用 %d 分钟；", "disinfected %s (%s), %d min; "},
	"g2.note.left":            {"%s 后可入库，还需 %d 分钟", "storable after %s, %d min left"},
	"g2.note.ready":           {"可以入库", "ready to store"},
	"g2.panel":                {"待处理物资 %s 项", "Supplies pending: %s"},
	"g2.panel.none":           {"没有待处理的物资", "No supplies pending"},
	"stage.received":          {"待消毒", "to disinfect"},
	"stage.disinfecting":      {"消毒中", "disinfecting"},
	"stage.disinfecting.left": {"消毒中，还需 %d 分钟", "disinfecting, %d min left"},
	"stage.ready":             {"可入库", "ready"},
	"stage.stored":            {"已入库", "stored"},
	"count.received":          {"今日接收 %d", "received %d"},
	"count.stored":            {"今日入库 %d", "stored %d"},
	"refuse.not_disinfected":  {"该物资尚未消毒，不能入库", "Not disinfected yet: it cannot be stored"},
	"refuse.contact_time":     {"消毒作用时间未到，还需 %d 分钟（%s 后）方可入库", "Contact time not over: %d min left (storable after %s)"},
	"refuse.already_stored":   {"该物资已入库", "That supply is already stored"},
	"refuse.no_method":        {"请选择消毒方式", "Choose a method"},
	"refuse.contact_range":    {"作用时间应在 0–1440 分钟之间", "Contact time must be 0–1440 min"},
	"refuse.no_location":      {"请填写存放位置", "Enter where it is stored"},
	"err.minutes.format":      {"作用时间应为整数分钟：%q", "Contact time is whole minutes: %q"},
	"err.qty.format":          {"数量应为大于 0 的数字：%q", "Quantity must be a number above 0: %q"},

	// gate 3
	"g3.mode.start":          {"开始备勤", "Start"},
	"g3.mode.checkin":        {"每日健康监测", "Daily health check"},
	"g3.mode.end":            {"结束备勤", "End"},
	"g3.mode.callup":         {"紧急调用", "Call-up"},
	"f.plannedend":           {"计划结束", "Until"},
	"f.area":                 {"备勤房间", "Room"},
	"f.ready":                {"状态", "Ready"},
	"f.note":                 {"备注", "Note"},
	"f.callreason":           {"调用事由", "Reason"},
	"ready.yes":              {"随时待命", "ready"},
	"ready.no":               {"暂不能出动", "not ready"},
	"count.standby":          {"备勤 %d 人", "standby %d"},
	"count.checkedin":        {"已监测 %d", "checked %d"},
	"count.due":              {"待监测 %d", "due %d"},
	"count.overdue":          {"超期 %d", "overdue %d"},
	"count.callups":          {"今日调用 %d", "call-ups %d"},
	"count.violations":       {"接触违规 %d", "contact %d"},
	"g3.notin":               {"未在备勤", "not in standby"},
	"g3.standing":            {"备勤第 %d 天，计划至 %s", "standby day %d, until %s"},
	"g3.hint.start":          {"默认备勤 %d 天，可改计划结束日期（如 2026-12-12）", "Default %d day{|s}; type another end date (2026-12-12)"},
	"g3.callup.note":         {"调用即结束备勤；再次备勤须重新登记开始备勤", "A call-up ends the standby; going back needs a new start"},
	"g3.sum.start":           {"开始备勤：%s，计划至 %s（%d 天）", "Start standby: %s until %s (%d day{|s})"},
	"g3.sum.checkin":         {"健康监测：%s 备勤第 %d 天，体温 %s℃，%s", "Health check: %s, day %d, %s °C, %s"},
	"g3.fever":               {"体温达到发热标准（≥%s℃）：保存后上报异常，请立即复测并报告值班领导", "Fever (≥ %s °C): saving raises an incident; recheck, tell the supervisor"},
	"g3.fever.detail":        {"备勤健康监测体温 %s℃", "standby health check %s °C"},
	"g3.sum.end":             {"结束备勤：%s，共备勤 %d 天", "End standby: %s after %d day{|s}"},
	"g3.sum.callup":          {"紧急调用：%s（备勤第 %d 天），事由：%s", "Call up %s (standby day %d): %s"},
	"g3.panel":               {"备勤人员 %d 人，今日待监测 %d 人", "In standby: %d, health check due: %d"},
	"g3.panel.none":          {"目前无人备勤", "Nobody in standby"},
	"g3.day":                 {"第%d天", "day %d"},
	"g3.due":                 {"待监测", "due"},
	"g3.overdue":             {"超期", "overdue"},
	"reason.already_standby": {"此人已在备勤中", "already in standby"},
	"reason.not_in_standby":  {"此人目前不在备勤", "not in standby now"},
	"reason.planned_end":     {"计划结束日期不能早于今天", "the planned end cannot be before today"},
	"reason.need_reason":     {"请填写调用事由", "enter the reason for the call-up"},

	// gate 4
	"g4.mode.cross":        {"进出登记", "Crossing"},
	"g4.mode.list":         {"今日到岗名单", "Today's list"},
	"count.onsite":         {"到岗 %d", "on site %d"},
	"count.wfh":            {"居家 %d", "home %d"},
	"count.unset":          {"未安排 %d", "not set %d"},
	"att.onsite":           {"到岗", "on site"},
	"att.wfh":              {"居家", "home"},
	"att.unset":            {"未安排", "not set"},
	"g4.today":             {"今日：%s", "today: %s"},
	"g4.panel":             {"今日到岗名单", "Today's list"},
	"g4.panel.nolist":      {"今日到岗名单尚未确定：请在「今日到岗名单」中设定（按 y 按名册岗位预填）", "No list for today: set it under Today's list (y fills it from the roster)"},
	"g4.panel.nolist.last": {"今日到岗名单尚未确定：上次名单为 %s，可在「今日到岗名单」中按 y 沿用", "No list for today: the last is of %s; press y under Today's list to carry it over"},
	"g4.panel.allin":       {"今日到岗名单已定，全部到岗", "Everyone on the list is on site today"},
	"g4.panel.home":        {"居家 %d 人：", "At home (%d):"},
	"g4.panel.unset":       {"未安排 %d 人：", "Not set (%d):"},
	"g4.list.hint":         {"↑/↓ 选人  ←/→ 或空格 切换到岗/居家  y 沿用上次名单  Enter 保存  Esc 放弃修改", "↑/↓ person  ←/→ or space on site/home  y carry last list  Enter save  Esc drop"},
	"g4.list.changes":      {"有 %d 项修改未保存，Enter 保存（须值班领导确认）", "%d change{|s} not saved: Enter saves (a supervisor confirms)"},
	"g4.list.empty":        {"名册中没有办公区人员", "No office staff on the roster"},
	"g4.list.page":         {"第 %d/%d 页，共 %d 人", "page %d/%d, %d {person|people}"},
	"g4.nochange":          {"名单没有修改", "Nothing changed on the list"},
	"g4.carried":           {"已沿用 %s 的名单，共 %d 人，请核对后按 Enter 保存", "Carried over the list of %s: %d {person|people}; check it, then Enter"},
	"g4.carried.none":      {"今日到岗名单已齐全，没有需要沿用的", "Today's list is complete: nothing to carry over"},
	"g4.carried.roster":    {"没有以往名单，已按名册岗位预填 %d 人，请核对后按 Enter 保存", "No earlier list: %d {person|people} filled in from the roster; check it, then Enter"},
	"g4.saved":             {"今日到岗名单已保存", "Today's list saved"},
	"g4.sup.target":        {"到岗名单修改 %d 人（%s）", "%d change{|s} to the list of %s"},
	"sup.attendance.title": {"值班领导确认到岗名单", "Supervisor: confirm the list"},
	"help.screen":          {"本屏按键", "This screen"},
	"key.carry":            {"沿用上次名单", "carry last list"},
	"key.person":           {"选人", "person"},
	"key.status":           {"到岗/居家", "on site/home"},

	// gate 5
	"g5.mode.inspect":        {"进货查验", "Inspection"},
	"g5.mode.sample":         {"留样登记", "Sample"},
	"f.food":                 {"品名", "Item"},
	"f.sensory":              {"感官检查", "Sensory"},
	"sensory.ok":             {"合格", "pass"},
	"sensory.bad":            {"不合格", "fail"},
	"f.supplier":             {"供货单位", "Supplier"},
	"f.licence":              {"许可证号", "Licence"},
	"f.batch":                {"批号", "Batch"},
	"f.produced":             {"生产日期", "Produced"},
	"f.expires":              {"保质期至", "Expires"},
	"f.cert":                 {"合格证明", "Cert."},
	"f.cold":                 {"冷链", "Cold"},
	"cold.no":                {"否", "no"},
	"cold.yes":               {"是", "yes"},
	"f.quarantine":           {"检疫", "Quar."},
	"f.nucleic":              {"核酸", "NAT"},
	"f.disinfcert":           {"消毒", "Disinf"},
	"f.trace":                {"追溯码", "Trace"},
	"paper.yes":              {"有", "yes"},
	"paper.no":               {"无", "no"},
	"f.meal":                 {"餐次", "Meal"},
	"f.dishes":               {"菜品", "Dishes"},
	"f.grams":                {"每样克数", "Each"},
	"f.hours":                {"留存时长", "Keep"},
	"f.samplewhere":          {"存放位置", "Where"},
	"unit.grams":             {"克", "g"},
	"unit.hours":             {"小时", "h"},
	"meal.breakfast":         {"早餐", "breakfast"},
	"meal.lunch":             {"午餐", "lunch"},
	"meal.dinner":            {"晚餐", "dinner"},
	"meal.other":             {"其他", "other"},
	"food.grain":             {"粮油", "grain & oil"},
	"food.vegetable":         {"蔬菜", "vegetables"},
	"food.fruit":             {"水果", "fruit"},
	"food.meat":              {"肉禽", "meat"},
	"food.aquatic":           {"水产", "aquatic"},
	"food.egg_dairy":         {"蛋奶", "eggs, dairy"},
	"food.frozen":            {"冷冻食品", "frozen"},
	"food.other":             {"其他", "other"},
	"food.accept":            {"查验合格", "ACCEPT"},
	"food.reject":            {"拒收", "REJECT"},
	"dec.confirmreject":      {"拒收也要登记：Enter 保存拒收记录 · Esc 返回修改", "A rejection is recorded too: Enter save · Esc edit"},
	"count.inspected":        {"查验 %d 批", "inspected %d"},
	"count.accepted":         {"合格 %d", "accepted %d"},
	"count.rejected":         {"拒收 %d", "rejected %d"},
	"count.samples":          {"在存留样 %d 份", "samples %d"},
	"count.ending":           {"今日到期 %d", "ending today %d"},
	"g5.notcold":             {"非冷链食品，无需冷链证明", "Not cold chain: no cold-chain papers needed"},
	"g5.hint.dishes":         {"菜品用顿号或逗号分开，菜名后可写克数，如：米饭150、红烧肉130", "Separate dishes with commas; a weight may follow: rice 150, pork 130"},
	"g5.rule.sample":         {"每个菜品留样不少于 %d 克，冷藏留存不少于 %d 小时", "At least %d g of each dish, kept cold at least %d hour{|s}"},
	"g5.sum.sample":          {"留样：%s，留至 %s，%d 个菜品（%s）", "Sample: %s, kept until %s, %d dish{|es} (%s)"},
	"g5.panel":               {"在存留样 %d 份，今日到期 %d 份", "Samples held: %d, ending today: %d"},
	"g5.panel.none":          {"目前没有在存留样", "No samples held"},
	"g5.ended":               {"已满留存期", "retention over"},
	"g5.ending":              {"今日到期", "ends today"},
	"reason.unknown_source":  {"无供货单位或许可证号，来源不明", "no supplier or licence: unknown origin"},
	"reason.no_certificate":  {"无合格证明", "no certificate of conformity"},
	"reason.expired":         {"已过保质期", "past its expiry date"},
	"reason.sensory_failed":  {"感官检查不合格（色、香、味、形异常）", "failed the sensory check"},
	"reason.no_quarantine":   {"冷链食品无检疫证明（进口货物须入境检验检疫证明）", "cold chain: no quarantine certificate (imports: entry inspection)"},
	"reason.no_nucleic_acid": {"冷链食品无核酸检测阴性证明", "cold chain: no negative nucleic-acid test"},
	"reason.no_disinfection": {"冷链食品无消毒证明", "cold chain: no disinfection certificate"},
	"reason.no_trace_code":   {"冷链食品无追溯码", "cold chain: no trace code"},
	"rs.unknown_source":      {"来源不明", "unknown source"},
	"rs.no_certificate":      {"无合格证", "no certificate"},
	"rs.expired":             {"过期", "expired"},
	"rs.sensory_failed":      {"感官不合格", "failed sensory check"},
	"rs.no_quarantine":       {"缺检疫证明", "no quarantine"},
	"rs.no_nucleic_acid":     {"缺核酸证明", "no NAT"},
	"rs.no_disinfection":     {"缺消毒证明", "no disinfection"},
	"rs.no_trace_code":       {"缺追溯码", "no trace code"},
	"refuse.grams_low":       {"「%s」留样不足 %d 克", "%s: less than %d g kept"},
	"refuse.retain_low":      {"留样时间不得少于 %d 小时", "Keep samples at least %d hour{|s}"},
	"refuse.no_dishes":       {"请填写留样菜品", "Enter the dishes"},
	"refuse.dup_dish":        {"菜品「%s」重复", "%s is listed twice"},
	"refuse.sample_meal":     {"请选择餐次", "Choose a meal"},
	"err.date.format":        {"日期格式不对：%q（例：2026-11-20）", "Date not understood: %q (e.g. 2026-11-20)"},
	"err.date.future":        {"生产日期 %s 晚于今天，请核对", "Production date %s is after today: check it"},
	"err.date.order":         {"保质期 %s 早于生产日期 %s，请核对", "Expiry %s is before production %s: check it"},
	"err.grams.format":       {"克数应为 1–5000 的整数：%q", "Grams must be a whole number 1–5000: %q"},
	"err.hours.format":       {"留存时间应为 1–720 的整数小时：%q", "Hours must be a whole number 1–720: %q"},
	"err.dishes.empty":       {"请填写菜品名称：%q", "Name the dishes: %q"},

	// hub: codes of a conflict or a rejection, named like denial reasons so
	// that every code a screen counts has one rendering (Catalog.Reason)
	"rs.id_conflict":  {"同号异容（记录号重复）", "id conflict"},
	"rs.seq_conflict": {"序号冲突", "seq conflict"},
	"rs.fork":         {"链分叉（终端被复制）", "chain fork"},
	"rs.malformed":    {"格式错误", "malformed"},
	"rs.invalid":      {"内容无效", "invalid"},
	"rs.bad_hash":     {"校验值不符", "hash mismatch"},
	"rs.chain":        {"链接不符", "chain link"},

	// hub dashboard (the .T map of dashboard.html; hub.d.<name>)
	"hub.d.title":         {"门岗值守 · 市局监管平台", "Gate posts · bureau hub"},
	"hub.d.day":           {"日期：", "Day: "},
	"hub.d.prev":          {"前一天", "previous day"},
	"hub.d.next":          {"后一天", "next day"},
	"hub.d.today":         {"今天", "today"},
	"hub.d.refresh":       {"每%d秒自动刷新", "refreshes every %d s"},
	"hub.d.generated":     {"生成于", "generated"},
	"hub.d.facilities":    {"场所", "Facilities"},
	"hub.d.terminals":     {"终端", "Terminals"},
	"hub.d.records":       {"记录", "Records"},
	"hub.d.conflicts":     {"冲突", "Conflicts"},
	"hub.d.silent":        {"未报场所", "Facilities silent"},
	"hub.d.facility":      {"场所", "Facility"},
	"hub.d.zero_report":   {"报送情况", "Daily report"},
	"hub.d.reported":      {"已报", "received"},
	"hub.d.reported.zero": {"已报（无异常）", "received (nothing abnormal)"},
	"hub.d.reported.abn":  {"已报（异常%d项）", "received (%d abnormal finding{|s})"},
	"hub.d.missing":       {"未报", "MISSING"},
	"hub.d.screening":     {"测温", "Screening"},
	"hub.d.fevers":        {"发热", "Fevers"},
	"hub.d.denials":       {"拒绝通行", "Denials"},
	"hub.d.incidents":     {"异常事件", "Incidents"},
	"hub.d.records_day":   {"当日记录", "Records of the day"},
	"hub.d.terminal":      {"终端", "Terminal"},
	"hub.d.last_sync":     {"最近同步", "Last sync"},
	"hub.d.pending":       {"待传（终端自报）", "Pending (as reported)"},
	"hub.d.skew":          {"时钟偏差", "Clock skew"},
	"hub.d.chain":         {"链状态", "Chain"},
	"hub.d.held":          {"已收记录", "Records held"},
	"hub.d.revoked":       {"（已吊销）", "(revoked)"},
	"hub.d.chain_ok":      {"完整", "intact"},
	"hub.d.chain_gap":     {"缺%d条（自序号%d起）", "%d missing (from seq %d)"},
	"hub.d.chain_broken":  {"断裂于序号%d", "broken at seq %d"},
	"hub.d.chain_fork":    {"自序号%d起出现第二条链（终端副本），已隔离；请为副本另开终端名", "second chain from seq %d (a copy of the terminal): kept aside; re-provision the copy under a new name"},
	"hub.d.version":       {"版本", "Version"},
	"hub.d.never":         {"从未", "never"},
	"hub.d.just_now":      {"刚刚", "just now"},
	"hub.d.min_ago":       {"%d分钟前", "%d min ago"},
	"hub.d.h_ago":         {"%d小时前", "%d h ago"},
	"hub.d.d_ago":         {"%d天前", "%d day{|s} ago"},
	"hub.d.received":      {"接收时间", "Received"},
	"hub.d.seq":           {"序号", "Seq"},
	"hub.d.code":          {"原因", "Reason"},
	"hub.d.no_conflicts":  {"无冲突", "No conflicts"},
	"hub.d.no_facilities": {"尚无场所：先用 gatepost hub terminal add 开通终端。", "No facility yet: provision a terminal with gatepost hub terminal add."},
	"hub.d.coverage":      {"%d/%d（%d%%）", "%d/%d (%d%%)"},
	"hub.d.reason":        {"%s%d人次", "%s %d"},

	// hub consolidated report (gatepost hub report)
	"hub.r.head":          {"全市戒毒场所疫情防控和安全稳定情况汇总（%s）：应报%d个，已报%d个，未报%d个", "Consolidated daily report, %s: %d facilit{y|ies}, %d reported, %d silent"},
	"hub.r.reported":      {"%s（%s）：已报，%s收到", "%s (%s): reported, received %s"},
	"hub.r.submissions":   {"，共报送%d次，以最后一次为准", ", %d submission{|s}, the latest shown"},
	"hub.r.silent":        {"%s（%s）：未报，平台未收到当日日报", "%s (%s): SILENT, no daily report received"},
	"hub.r.figures":       {"平台统计：记录%d条，%s，发热%d人次，拒绝通行%s，异常事件%d起。", "Hub figures: %d record{|s}, %s, %d fever{|s}, denials %s, %d incident{|s}."},
	"hub.r.screened":      {"测温%d/%d人（%d%%）", "%d/%d screened (%d%%)"},
	"hub.r.screened.none": {"测温%d人（平台无名册）", "%d screened (no roster on the hub)"},
	"hub.r.denials":       {"%d人次（%s）", "%d (%s)"},
	"hub.r.denials.none":  {"%d人次", "%d"},
	"hub.r.body":          {"报送内容：", "Report as received:"},
	"hub.r.body.empty":    {"报送内容：（空）", "Report as received: (empty)"},
	"hub.r.truncated":     {"（以下从略）", "(truncated)"},
	"hub.r.silent.list":   {"未报场所：%s", "Silent: %s"},
	"hub.r.all":           {"各场所均已报送。", "Every facility has reported."},
	"hub.r.md.facility":   {"场所", "Facility"},
	"hub.r.md.status":     {"报送情况", "Daily report"},
	"hub.r.md.screening":  {"测温", "Screening"},
	"hub.r.md.fevers":     {"发热", "Fevers"},
	"hub.r.md.denials":    {"拒绝通行", "Denials"},
	"hub.r.md.incidents":  {"异常事件", "Incidents"},
	"hub.r.md.records":    {"记录", "Records"},
	"hub.r.md.by":         {"报送终端 %s（第%d条），%s。", "Reported by %s (seq %d) at %s."},
}

// Catalog prints the console's strings in one language. Numbers are
// printed plainly (no digit grouping): record numbers and counts read the
// same in both languages and line up in columns.
type Catalog struct {
	col int // column of messages: 0 zh-CN, 1 en
}

// matcher picks the UI language; Chinese is listed first but a language it
// cannot match at all (C, POSIX, fr) falls to English, not to the default.
var matcher = language.NewMatcher([]language.Tag{language.SimplifiedChinese, language.English})

// NewCatalog returns the catalogue for a language name such as "zh-CN",
// "zh_CN.UTF-8" or "en"; anything not Chinese is English.
func NewCatalog(lang string) *Catalog {
	lang = strings.SplitN(lang, ".", 2)[0]
	lang = strings.ReplaceAll(lang, "_", "-")
	if _, i, conf := matcher.Match(language.Make(lang)); i == 0 && conf != language.No {
		return &Catalog{col: 0}
	}
	return &Catalog{col: 1}
}

// Chinese reports whether the catalogue is zh-CN.
func (c *Catalog) Chinese() bool { return c.col == 0 }

// T returns the string for key, formatted with args. An unknown key shows
// itself in brackets so a missing string is visible, never blank. A message
// that takes no argument ignores those it is given: the forms pass what was
// typed with every input error, and "Enter a plate" has no place for it.
func (c *Catalog) T(key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return "[" + key + "]"
	}
	f := m[c.col]
	if c.col == 1 && strings.Contains(f, "{") {
		f = plural(f, args)
	}
	if len(args) == 0 || !strings.Contains(f, "%") {
		return f
	}
	return fmt.Sprintf(f, args...)
}

// plural resolves the English plural choices of a message. A choice is
// written {one|other} right after the word it inflects and takes its number
// from the nearest verb before it: "%d fever{|s}", "%d facilit{y|ies}",
// "%d {person|people}". Chinese has no plural forms, so only the English
// column has choices; written in the message rather than chosen by the
// caller, a count is inflected wherever the message is used, and a message
// can hold several counts ("%d fever{|s}, %d incident{|s}").
//
// English is the CLDR rule for integers: "one" for exactly 1, "other" for
// everything else, 0 included ("0 fevers").
func plural(f string, args []any) string {
	var b strings.Builder
	arg := -1 // index of the argument of the last verb seen
	for i := 0; i < len(f); i++ {
		switch ch := f[i]; ch {
		case '%':
			b.WriteByte(ch)
			j := i + 1
			for j < len(f) && strings.IndexByte("+-# 0123456789.", f[j]) >= 0 {
				j++
			}
			// An explicit index, %[2]d, moves on to that argument, as
			// fmt does: English can then say "59 of 93" while Chinese
			// says 应测93人，实测59人 from the same arguments.
			if j < len(f) && f[j] == '[' {
				if k := strings.IndexByte(f[j:], ']'); k > 0 {
					if n, err := strconv.Atoi(f[j+1 : j+k]); err == nil {
						arg = n - 2
					}
					j += k + 1
				}
			}
			if j < len(f) {
				if f[j] != '%' {
					arg++
				}
				b.WriteString(f[i+1 : j+1])
			}
			i = j
		case '{':
			end := strings.IndexByte(f[i:], '}')
			bar := strings.IndexByte(f[i:], '|')
			if end < 0 || bar < 0 || bar > end {
				b.WriteByte(ch)
				continue
			}
			one, other := f[i+1:i+bar], f[i+bar+1:i+end]
			if arg >= 0 && arg < len(args) && isOne(args[arg]) {
				b.WriteString(one)
			} else {
				b.WriteString(other)
			}
			i += end
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}

// isOne reports whether a count argument is exactly one: any integer type,
// named ones included (a count may be a type of its own).
func isOne(v any) bool {
	switch n := v.(type) {
	case int:
		return n == 1
	case int64:
		return n == 1
	}
	r := reflect.ValueOf(v)
	switch r.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return r.Int() == 1
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return r.Uint() == 1
	}
	return false
}

// Word is the word for a code under the first prefix that has it — Word("wfh",
// "rs.") is 居家办公 — else the code itself: a code added by a newer terminal
// still reads as something rather than as a bracketed key.
func (c *Catalog) Word(code string, prefixes ...string) string {
	for _, p := range prefixes {
		if _, ok := messages[p+code]; ok {
			return c.T(p + code)
		}
	}
	return code
}

// Reason is the short name of a denial or rejection reason code (the "rs."
// keys): the one rendering of a reason wherever it is counted — the console's
// log, the daily report, the hub's dashboard and consolidated report.
func (c *Catalog) Reason(code string) string { return c.Word(code, "rs.") }

// GateTitle is a gate's name as the screens and reports show it: "第一关
// 场所大门" / "Gate 1 · Main gate" (the source's 五道关口, each with the
// name of its zone); gate 0, the daily measures, is its name alone.
func (c *Catalog) GateTitle(g int) string {
	name := c.T(fmt.Sprintf("gate.name.%d", g))
	if !c.Has(fmt.Sprintf("gate.ord.%d", g)) {
		return name
	}
	return c.T("gate.title", c.T(fmt.Sprintf("gate.ord.%d", g)), name)
}

// GateTag is a gate's short mark, "第一关" / "Gate 1", or the name of
// gate 0.
func (c *Catalog) GateTag(g int) string {
	if !c.Has(fmt.Sprintf("gate.ord.%d", g)) {
		return c.T(fmt.Sprintf("gate.name.%d", g))
	}
	return c.T("gate.tag", c.T(fmt.Sprintf("gate.ord.%d", g)))
}

// Has reports whether key is in the catalogue.
func (c *Catalog) Has(key string) bool { _, ok := messages[key]; return ok }

// Lookup returns both renderings of key, [zh-CN, en].
func Lookup(key string) ([2]string, bool) { m, ok := messages[key]; return m, ok }

// Keys returns every key in the catalogue, in no order.
func Keys() []string {
	ks := make([]string, 0, len(messages))
	for k := range messages {
		ks = append(ks, k)
	}
	return ks
}
