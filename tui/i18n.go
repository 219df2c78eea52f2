package tui

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// Every string the console shows comes from this table: [zh-CN, en]. Keys
// name the place a string is used. Format verbs must match in both columns
// (a test checks), so a translation can never drop an argument.
var messages = map[string][2]string{
	// chrome
	"app.title":          {"门岗值守", "Gate post"},
	"status.nohub":       {"未配置中心", "no hub configured"},
	"status.pending":     {"待同步 %d", "%d to sync"},
	"status.noguard":     {"未签到", "not signed in"},
	"sync.syncing":       {"同步中", "syncing"},
	"sync.online":        {"在线 %s", "online %s"},
	"sync.offline":       {"离线（上次 %s）", "offline (last %s)"},
	"sync.offline.never": {"离线", "offline"},
	"sync.rejected":      {"退回 %d", "%d rejected"},
	"sync.notjoined":     {"本终端未接入中心，无法同步（gatepost join）", "This terminal has not joined a hub (gatepost join)"},
	"sync.running":       {"正在同步…", "Syncing…"},
	"sync.done":          {"同步完成：上传 %d 条，下载 %d 项，待同步 %d 条", "Synced: %d sent, %d received, %d still to send"},
	"sync.failed":        {"同步失败，记录已保存在本机，稍后自动重试：%s", "Sync failed; records are safe here and will be retried: %s"},
	"status.loading":     {"正在加载…", "Loading…"},
	"status.toosmall":    {"窗口太小：至少需要 80×24", "Window too small: 80×24 needed"},
	"gate.name.0":        {"全场所", "Facility-wide"},
	"gate.name.1":        {"场所大门", "Main gate"},
	"gate.name.2":        {"戒毒管理区", "Custody zone"},
	"gate.name.3":        {"隔离备勤区", "Standby quarantine"},
	"gate.name.4":        {"办公区", "Office"},
	"gate.name.5":        {"食品安全", "Food safety"},
	"gate.label":         {"%d号门 %s", "Gate %d · %s"},
	"gate.short":         {"%d号门", "Gate %d"},
	"gate.rule.1":        {"封闭管理：仅在册职工或持有效通行证者可进入，外来车辆一律不得入内", "Closed: only staff on the roster or valid pass holders; no outside vehicles"},
	"gate.rule.2":        {"隔离值守：仅戒毒管理区值勤人员可出入，物资消毒后方可入库", "Isolated duty: custody staff only; supplies disinfected before storage"},
	"gate.rule.3":        {"备勤人员原地备勤、不与他人接触，随时应急", "Standby staff stay put, meet nobody, ready for call-up"},
	"gate.rule.4":        {"仅疫情防控必需人员到岗，其余居家办公", "Only epidemic-duty staff on site; others work from home"},
	"gate.rule.5":        {"来源不明、无合格证明、过期或冷链证明不全的食品一律不得入内", "No food of unknown origin, without certificate, expired or missing cold-chain papers"},
	"gate.formsoon":      {"本门录入功能将在下一版本提供；下面是今日记录。", "This gate's entry form comes in the next release; today's log is below."},

	// sign-in
	"signin.title":    {"值班签到", "Sign in for duty"},
	"signin.badge":    {"工号", "Badge"},
	"signin.pin":      {"密码", "PIN"},
	"signin.hint":     {"Tab/Enter 下一项 · Enter 签到 · Ctrl+Q 退出", "Tab/Enter next field · Enter sign in · Ctrl+Q quit"},
	"signin.demo":     {"演示账号：民警 1001 / 1234，值班领导 9001 / 9999", "Demo: guard 1001 / 1234, supervisor 9001 / 9999"},
	"signin.checking": {"正在核验…", "Checking…"},
	"signin.bad":      {"工号或密码错误，还可尝试 %d 次", "Wrong badge or PIN; %d tries left"},
	"signin.locked":   {"该工号连续输错密码，已锁定至 %s", "Too many wrong PINs: badge locked until %s"},
	"signin.empty":    {"请输入工号和密码", "Enter badge and PIN"},
	"signin.failed":   {"签到失败：%s", "Sign-in failed: %s"},
	"lock.title":      {"屏幕已锁定", "Screen locked"},
	"lock.hint":       {"%s 请输入密码解锁", "%s, enter your PIN to unlock"},

	// gate 1 form
	"f.subject":        {"类别", "Who"},
	"f.direction":      {"方向", "Dir"},
	"f.badge":          {"工号/证件", "Badge/ID"},
	"f.name":           {"姓名", "Name"},
	"f.plate":          {"车牌", "Plate"},
	"f.temp":           {"体温", "Temp"},
	"f.purpose":        {"事由", "Purpose"},
	"f.recheck":        {"复测体温", "Recheck"},
	"subject.staff":    {"职工", "Staff"},
	"subject.detainee": {"戒毒人员", "Detainee"},
	"subject.visitor":  {"来访", "Visitor"},
	"subject.vehicle":  {"车辆", "Vehicle"},
	"subject.delivery": {"送货", "Delivery"},
	"dir.in":           {"进", "In"},
	"dir.out":          {"出", "Out"},
	"lookup.none":      {"名册中无此人", "not on the roster"},
	"lookup.inactive":  {"（已停用）", "(inactive)"},
	"form.hint.select": {"←/→ 选择", "←/→ choose"},
	"form.empty":       {"请先填写工号、证件号或车牌", "Enter a badge, ID number or plate first"},
	"form.saved":       {"已保存：第 %d 条记录", "Saved: record %d"},
	"form.savefail":    {"保存失败，内容已保留，请重试：%s", "Not saved, your input is kept; try again: %s"},
	"form.cleared":     {"已清空", "Cleared"},

	// decisions
	"dec.allow":              {"准予通行", "ALLOW"},
	"dec.deny":               {"不予通行", "DENY"},
	"dec.confirm":            {"Enter 保存 · Esc 返回修改", "Enter save · Esc edit"},
	"dec.confirmdeny":        {"Enter 保存拒绝记录 · Ctrl+O 领导特批 · Esc 返回修改", "Enter save denial · Ctrl+O override · Esc edit"},
	"dec.recheck":            {"体温 %s℃ 达到发热标准（≥%s℃），请复测后输入复测体温，Enter 确认", "%s °C is a fever (≥ %s °C): measure again, type the recheck, Enter"},
	"reason.staff":           {"在册职工", "staff on the roster"},
	"reason.pass":            {"持有效通行证", "valid pass"},
	"reason.exit":            {"离开，登记放行", "leaving, logged"},
	"reason.not_on_roster":   {"不在名册且无有效通行证，封闭管理期间不得进入", "not on the roster and no valid pass: no entry during closed management"},
	"reason.inactive":        {"名册中已停用，不得进入", "inactive on the roster: no entry"},
	"reason.pass_expired":    {"通行证不在有效期内", "the pass is not valid now"},
	"reason.vehicle_no_pass": {"外来车辆无有效通行证，一律不得入内", "outside vehicle without a valid pass: no entry"},
	"reason.need_temp":       {"进入须测体温，请输入体温", "entry needs a temperature: enter one"},
	"reason.fever":           {"发热（复测仍≥%s℃），不得进入，已上报异常", "fever (recheck still ≥ %s °C): no entry, incident raised"},
	"reason.fever.plain":     {"发热，不得进入", "fever: no entry"},
	"reason.detainee_escort": {"戒毒人员进出须凭有效通行证（押解审批）", "detainee movement needs a valid pass (escort approval)"},
	"reason.need_identity":   {"请填写工号、证件号或车牌", "enter a badge, ID number or plate"},
	"rs.staff":               {"在册职工", "staff"},
	"rs.pass":                {"通行证", "pass"},
	"rs.exit":                {"离开", "exit"},
	"rs.not_on_roster":       {"未登记", "not on roster"},
	"rs.inactive":            {"已停用", "inactive"},
	"rs.pass_expired":        {"证过期", "pass expired"},
	"rs.vehicle_no_pass":     {"车辆无证", "vehicle no pass"},
	"rs.need_temp":           {"未测温", "no temperature"},
	"rs.fever":               {"发热", "fever"},
	"rs.detainee_escort":     {"无押解证", "no escort pass"},
	"rs.need_identity":       {"无身份", "no identity"},
	"reason.unknown":         {"原因：%s", "reason: %s"},

	// input errors
	"err.temp.empty":       {"请输入体温", "Enter a temperature"},
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
	"count.records":    {"今日 %d 条", "%d today"},
	"log.title":        {"今日记录", "Today's log"},
	"log.empty":        {"今日暂无记录", "Nothing logged today"},
	"log.page":         {"第 %d 页", "page %d"},
	"log.void":         {"[作废]", "[VOID]"},
	"log.override":     {"[特批]", "[OVERRIDE]"},
	"log.loadfail":     {"读取记录失败：%s", "Could not read the log: %s"},
	"kind.shift.open":  {"上岗", "on duty"},
	"kind.shift.close": {"交班", "handover"},
	"kind.incident":    {"异常", "incident"},
	"kind.override":    {"特批", "override"},
	"kind.void":        {"作废", "void"},
	"kind.temperature": {"测温", "temperature"},
	"kind.other":       {"%s", "%s"},
	"incident.fever":   {"发热", "fever"},
	"log.ref":          {"→ 第 %d 条", "→ #%d"},

	// supervisor actions
	"sup.override.title":  {"领导特批放行", "Supervisor override"},
	"sup.void.title":      {"作废记录", "Void a record"},
	"sup.badge":           {"领导工号", "Supervisor"},
	"sup.pin":             {"密码", "PIN"},
	"sup.reason":          {"理由", "Reason"},
	"sup.hint":            {"Tab 下一项 · Enter 确认 · Esc 取消", "Tab next · Enter confirm · Esc cancel"},
	"sup.notsup":          {"%s 不是值班领导，无权操作", "%s is not a supervisor"},
	"sup.needreason":      {"请填写理由", "Enter a reason"},
	"sup.target":          {"记录：%s", "Record: %s"},
	"sup.done.override":   {"已特批：第 %d 条", "Overridden: record %d"},
	"sup.done.void":       {"已作废：第 %d 条", "Voided: record %d"},
	"sup.cannot.void":     {"该记录已作废", "That record is already void"},
	"sup.cannot.override": {"只能特批被拒绝且未特批的通行记录", "Only a denied passage not yet overridden can be overridden"},
	"sup.nosel":           {"请先用 Tab 进入记录列表并选中一条", "Tab to the log and select a row first"},

	// shift
	"shift.close.title": {"交班", "Close shift"},
	"shift.handover":    {"交班说明", "Handover note"},
	"shift.summary":     {"本班小结：%s", "This shift: %s"},
	"shift.hint":        {"Ctrl+S 保存并交班 · Esc 取消", "Ctrl+S save and close shift · Esc cancel"},
	"shift.needsnote":   {"请写交班说明", "Write a handover note"},
	"shift.closed":      {"已交班。", "Shift closed."},
	"shift.opened":      {"%s 已上岗", "%s on duty"},

	// quit
	"quit.confirm": {"表单中有未保存的内容，确定退出？ y 退出 / n 返回", "The form holds unsaved input. Quit? y quit / n stay"},

	// help
	"help.title":   {"按键说明", "Keys"},
	"help.close":   {"按任意键关闭", "Any key closes"},
	"key.gates":    {"切换门岗", "switch gate"},
	"key.sync":     {"立即同步", "sync now"},
	"key.daily":    {"每日措施", "daily measures"},
	"key.next":     {"下一项", "next field"},
	"key.prev":     {"上一项", "previous field"},
	"key.enter":    {"判定 / 保存", "decide / save"},
	"key.esc":      {"取消 / 返回", "cancel / back"},
	"key.choose":   {"选择", "choose"},
	"key.log":      {"记录列表", "log"},
	"key.page":     {"翻页", "page"},
	"key.select":   {"选中记录", "select row"},
	"key.void":     {"作废", "void"},
	"key.override": {"特批", "override"},
	"key.shift":    {"交班", "close shift"},
	"key.help":     {"帮助", "help"},
	"key.quit":     {"退出", "quit"},
	"key.clear":    {"清空表单", "clear form"},

	// gates 2–5: shared
	"form.nobadge":            {"请输入工号", "Enter a badge"},
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
	"incident.contact.detail": {"%d号门，备勤第 %d 天", "gate %d, standby day %d"},
	"reason.custody":          {"戒毒管理区值勤人员", "on custody duty"},
	"reason.on_site":          {"今日到岗名单内", "on today's on-site list"},
	"reason.not_staff":        {"此处只登记职工出入，戒毒人员按押解程序办理", "staff only here: detainees move under the escort procedure"},
	"reason.no_contact":       {"隔离值守：戒毒管理区值勤人员与其他人员不得接触", "isolation: custody-duty staff and others must not meet"},
	"reason.standby_contact":  {"正在隔离备勤，不得离开备勤区与他人接触（接触违规）", "in standby quarantine: must not leave it to meet anyone (contact violation)"},
	"reason.wfh":              {"今日居家办公，不得进入办公区", "works from home today: no entry"},
	"reason.not_on_list":      {"不在今日到岗名单内，不得进入", "not on today's on-site list: no entry"},
	"rs.custody":              {"值勤人员", "custody"},
	"rs.on_site":              {"今日到岗", "on site"},
	"rs.not_staff":            {"非职工", "not staff"},
	"rs.no_contact":           {"不得接触", "no contact"},
	"rs.standby_contact":      {"接触违规", "contact"},
	"rs.wfh":                  {"居家办公", "WFH"},
	"rs.not_on_list":          {"未列名单", "not listed"},
	"kind.supply.received":    {"物资接收", "received"},
	"kind.supply.disinfected": {"物资消毒", "disinf."},
	"kind.supply.stored":      {"物资入库", "stored"},
	"kind.standby.start":      {"开始备勤", "standby"},
	"kind.standby.checkin":    {"备勤报到", "check-in"},
	"kind.standby.end":        {"结束备勤", "stby end"},
	"kind.standby.callup":     {"紧急调用", "call-up"},
	"kind.attendance":         {"到岗安排", "rota"},
	"kind.food.inspection":    {"食品验收", "food"},
	"kind.food.sample":        {"留样", "sample"},
	"kind.disinfection":       {"消毒", "disinf."},
	"log.minutes":             {"作用 %d 分钟", "%d min"},
	"log.storedat":            {"存放于 %s", "in %s"},
	"log.until":               {"计划至 %s", "until %s"},
	"log.retain":              {"留至 %s", "kept to %s"},

	// gate 2
	"f.g2mode":                {"登记", "Log"},
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
	"preset.alcohol":          {"75%% 酒精擦拭 作用 3 分钟", "75%% alcohol wipe, 3 min"},
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
	"g2.panel":                {"待处理物资 %d 项", "Supplies pending: %d"},
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
// itself in brackets so a missing string is visible, never blank.
func (c *Catalog) T(key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return "[" + key + "]"
	}
	if len(args) == 0 {
		return m[c.col]
	}
	return fmt.Sprintf(m[c.col], args...)
}

// Has reports whether key is in the catalogue.
func (c *Catalog) Has(key string) bool { _, ok := messages[key]; return ok }

// E is a translated error shown to the guard: a key and its arguments.
type E struct {
	Key  string
	Args []any
}

func (e E) Error() string { return fmt.Sprintf("%s %v", e.Key, e.Args) }
