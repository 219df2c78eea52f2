package i18n

// The input error codes package post adds to gate's, as "err." + code: the
// console shows an *post.InputError the way it shows a *gate.InputError.
func init() {
	for k, v := range map[string][2]string{
		"err.time.future":    {"时间 %s 晚于现在，请核对", "%s is later than now: check it"},
		"err.temp.notfever":  {"%s℃ 未达发热标准，无需复测", "%s °C is not a fever: no recheck needed"},
		"err.choice.unknown": {"请从选项中选择：%q", "Choose one of the options: %q"},
	} {
		messages[k] = v
	}
}
