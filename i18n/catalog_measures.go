package i18n

// The daily measures in practice (§11): cold-chain papers by origin, the
// sample fridge and discard, the cooks' morning check.
func init() {
	for k, v := range map[string][2]string{
		"rs.no_animal_quarantine":     {"缺动物检疫合格证明", "no animal-quarantine certificate"},
		"rs.origin_unset":             {"未选产地", "origin not asked"},
		"rs.cook_fever":               {"发热", "fever"},
		"rs.cook_symptoms":            {"有症状", "symptoms"},
		"rs.cook_hand_wound":          {"手部有伤口", "hand wound"},
		"rs.cook_no_cert":             {"无健康证", "no health certificate"},
		"reason.no_animal_quarantine": {"国产肉品（水产品）无动物检疫合格证明", "domestic meat or fish without its animal-quarantine certificate"},
		"reason.origin_unset":         {"请选择冷链食品产地（国产/进口）", "choose the cold-chain item's origin (domestic or imported)"},
		"reason.cook_fever":           {"体温异常，今日不得上岗操作", "temperature abnormal: no kitchen work today"},
		"reason.cook_symptoms":        {"有发热、咳嗽、腹泻等症状，今日不得上岗操作", "symptoms (fever, cough, diarrhoea): no kitchen work today"},
		"reason.cook_hand_wound":      {"手部有伤口或感染，不得从事接触直接入口食品的工作", "a wound on the hands: no handling of ready-to-eat food"},
		"reason.cook_no_cert":         {"无有效健康证明，不得上岗", "no valid health certificate: no kitchen work"},
		"refuse.fridge_temp":          {"留样冰箱温度应在0–8℃之间，请检查冰箱", "the sample fridge must be at 0–8 °C: check it"},
		"kind.clearance":              {"解除", "cleared"},
		"kind.config.change":          {"配置变更", "setting"},
		"kind.food.sample.discard":    {"留样处理", "discarded"},
		"kind.kitchen.check":          {"厨师晨检", "cook check"},
		"refuse.discard_early":        {"留样未满留存时间，不得处理", "the sample's retention is not over: keep it"},
	} {
		messages[k] = v
	}
}
