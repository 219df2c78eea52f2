package record

import "time"

// Bodies of the records written at gates 2–5 (§2) and of the daily
// disinfection log (§3). Records are never edited, so every later step of a
// lifecycle (a supply disinfected, then stored; a standby stint ended) is its
// own record pointing back at the first one by id. Names are copied into the
// later records so a log row can be read without looking anything up.

// SupplyCategory is what kind of supply arrives at the custody zone.
type SupplyCategory string

// Supply categories (§2 gate 2: living and protective supplies).
const (
	SupplyLiving     SupplyCategory = "living"
	SupplyProtective SupplyCategory = "protective"
	SupplyOther      SupplyCategory = "other"
)

// SupplyCategories lists the categories in display order.
var SupplyCategories = []SupplyCategory{SupplyLiving, SupplyProtective, SupplyOther}

// SupplyReceivedBody is the body of a `supply.received`: a delivery handed in
// at the custody-zone entrance, not yet disinfected.
type SupplyReceivedBody struct {
	Item     string         `json:"item"`
	Category SupplyCategory `json:"category"`
	Quantity float64        `json:"quantity"`
	Unit     string         `json:"unit"`
	Source   string         `json:"source"` // who sent or delivered it
	Note     string         `json:"note,omitempty"`
}

// DisinfectMethod is how something was disinfected. It is a code so the
// daily report can count by method whatever the terminal's language.
type DisinfectMethod string

// Disinfection methods.
const (
	MethodSoak  DisinfectMethod = "soak"  // 浸泡
	MethodSpray DisinfectMethod = "spray" // 喷洒
	MethodWipe  DisinfectMethod = "wipe"  // 擦拭
	MethodUV    DisinfectMethod = "uv"    // 紫外线灯照射
	MethodOther DisinfectMethod = "other"
)

// DisinfectMethods lists the methods in display order.
var DisinfectMethods = []DisinfectMethod{MethodSoak, MethodSpray, MethodWipe, MethodUV, MethodOther}

// SupplyDisinfectedBody is the body of a `supply.disinfected`. The contact
// time runs from the record's `at`: the guard logs the disinfection when it
// starts, and the supply may be stored once ContactMin minutes have passed.
type SupplyDisinfectedBody struct {
	Supply        string          `json:"supply"`     // id of the supply.received
	SupplySeq     int64           `json:"supply_seq"` // its seq, for people reading the log
	Item          string          `json:"item"`
	Method        DisinfectMethod `json:"method"`
	Agent         string          `json:"agent,omitempty"`         // e.g. 含氯消毒剂
	Concentration string          `json:"concentration,omitempty"` // e.g. "500 mg/L", "75%"
	ContactMin    int             `json:"contact_min"`
	Operator      string          `json:"operator,omitempty"`
}

// SupplyStoredBody is the body of a `supply.stored`: the supply went into
// storage after its disinfection's contact time.
type SupplyStoredBody struct {
	Supply      string `json:"supply"`
	SupplySeq   int64  `json:"supply_seq"`
	Disinfected string `json:"disinfected"` // id of the supply.disinfected that cleared it
	Item        string `json:"item"`
	Location    string `json:"location"`
}

// StandbyStartBody is the body of a `standby.start`: a staff member enters
// the standby quarantine area.
type StandbyStartBody struct {
	Badge      string `json:"badge"`
	Name       string `json:"name"`
	PlannedEnd string `json:"planned_end"` // local date, "2006-01-02"
	Area       string `json:"area,omitempty"`
	Note       string `json:"note,omitempty"`
}

// StandbyCheckinBody is the body of a `standby.checkin`: the daily
// temperature and readiness of someone in standby.
type StandbyCheckinBody struct {
	Badge string `json:"badge"`
	Name  string `json:"name"`
	Start string `json:"start"` // id of the standby.start of this stint
	Temp  Tenths `json:"temp"`
	Fever bool   `json:"fever"`
	Ready bool   `json:"ready"` // fit to be called up
	// Note is the guard's free text of a check-in made before §15's health
	// details; a check-in's note is a health detail now (how the person
	// feels), kept erasable beside the log and named by Health and
	// HealthCommit (TemperatureBody.Health).
	Note         string `json:"note,omitempty"`
	Health       string `json:"health,omitempty"`
	HealthCommit string `json:"health_commit,omitempty"`
}

// StandbyEndBody is the body of a `standby.end`: the stint is over.
type StandbyEndBody struct {
	Badge string `json:"badge"`
	Name  string `json:"name"`
	Start string `json:"start"`
	Note  string `json:"note,omitempty"`
}

// StandbyCallupBody is the body of a `standby.callup`: an emergency call-up.
// It ends the stint too, since the person leaves standby for duty; going back
// into standby is a new standby.start.
type StandbyCallupBody struct {
	Badge  string `json:"badge"`
	Name   string `json:"name"`
	Start  string `json:"start"`
	Reason string `json:"reason"`
}

// AttendanceStatus is where a staff member works on a day (§2 gate 4).
type AttendanceStatus string

// Attendance statuses.
const (
	OnSite AttendanceStatus = "onsite" // needed on site for epidemic work
	WFH    AttendanceStatus = "wfh"    // works from home
)

// AttendanceBody is the body of an `attendance`: one staff member's status
// for one day, set by a supervisor. The latest record for a badge and day
// wins; the list for a day is the set of these records.
type AttendanceBody struct {
	Day         string           `json:"day"` // "2006-01-02"
	Badge       string           `json:"badge"`
	Name        string           `json:"name"`
	Status      AttendanceStatus `json:"status"`
	Supervisor  string           `json:"supervisor"`             // badge of who decided
	CarriedFrom string           `json:"carried_from,omitempty"` // the day copied, when carried over
	Note        string           `json:"note,omitempty"`         // what the supervisor wrote when confirming
}

// FoodCategory is the kind of food delivered (§2 gate 5).
type FoodCategory string

// Food categories. Meat, aquatic and frozen products usually come by cold
// chain; the inspection carries its own cold-chain flag.
const (
	FoodGrain     FoodCategory = "grain"     // 粮油
	FoodVegetable FoodCategory = "vegetable" // 蔬菜
	FoodFruit     FoodCategory = "fruit"     // 水果
	FoodMeat      FoodCategory = "meat"      // 肉禽
	FoodAquatic   FoodCategory = "aquatic"   // 水产
	FoodEggDairy  FoodCategory = "egg_dairy" // 蛋奶
	FoodFrozen    FoodCategory = "frozen"    // 冷冻食品
	FoodOther     FoodCategory = "other"
)

// FoodCategories lists the categories in display order.
var FoodCategories = []FoodCategory{FoodGrain, FoodVegetable, FoodFruit, FoodMeat, FoodAquatic, FoodEggDairy, FoodFrozen, FoodOther}

// ColdChainPapers are the four documents a cold-chain food delivery must
// carry.
type ColdChainPapers struct {
	Quarantine bool `json:"quarantine"` // entry quarantine certificate 入境货物检验检疫证明 (imported goods)
	// AnimalQuarantine is the animal-quarantine certificate 动物检疫合格证明
	// that domestic meat carries instead of the entry certificate.
	AnimalQuarantine bool   `json:"animal_quarantine,omitempty"`
	NucleicAcid      bool   `json:"nucleic_acid"` // negative nucleic-acid test 核酸检测阴性证明
	Disinfection     bool   `json:"disinfection"` // disinfection certificate 消毒证明
	TraceCode        string `json:"trace_code"`   // trace code 追溯码, empty when missing
}

// FoodInspectionBody is the body of a `food.inspection`: one delivery
// checked, accepted or rejected. A rejection is recorded too, with its
// reason codes.
type FoodInspectionBody struct {
	Item      string       `json:"item"`
	Category  FoodCategory `json:"category"`
	ColdChain bool         `json:"cold_chain"`
	// Origin is where a cold-chain item comes from (FoodOrigins): it says
	// which quarantine paper it must carry. Empty on records made before
	// the origin was asked: those were held to the entry certificate.
	Origin      FoodOrigin       `json:"origin,omitempty"`
	Supplier    string           `json:"supplier"`
	Licence     string           `json:"licence"` // food business licence number
	Batch       string           `json:"batch,omitempty"`
	Quantity    float64          `json:"quantity"`
	Unit        string           `json:"unit"`
	Produced    string           `json:"produced,omitempty"` // "2006-01-02"
	Expires     string           `json:"expires,omitempty"`  // "2006-01-02"
	Certificate bool             `json:"certificate"`        // certificate of conformity 合格证明
	Papers      *ColdChainPapers `json:"papers,omitempty"`   // set for cold-chain items
	SensoryOK   bool             `json:"sensory_ok"`
	Accepted    bool             `json:"accepted"`
	Reasons     []string         `json:"reasons,omitempty"` // rejection reason codes
}

// Meal names the meal a sample was taken from.
type Meal string

// Meals.
const (
	Breakfast Meal = "breakfast"
	Lunch     Meal = "lunch"
	Dinner    Meal = "dinner"
	MealOther Meal = "other"
)

// Meals lists the meals in display order.
var Meals = []Meal{Breakfast, Lunch, Dinner, MealOther}

// SampleDish is one dish's retained sample.
type SampleDish struct {
	Name  string `json:"name"`
	Grams int    `json:"grams"`
}

// FoodSampleBody is the body of a `food.sample` (留样): samples of every dish
// of a meal, kept refrigerated until RetainUntil.
type FoodSampleBody struct {
	Meal        Meal         `json:"meal"`
	Dishes      []SampleDish `json:"dishes"`
	RetainUntil string       `json:"retain_until"` // TimeLayout
	Location    string       `json:"location,omitempty"`
	Note        string       `json:"note,omitempty"`
	// Taker is the badge of who took the sample; FridgeTemp the sample
	// fridge's temperature when it went in (0–8 ℃, §11).
	Taker      string  `json:"taker,omitempty"`
	FridgeTemp *Tenths `json:"fridge_temp,omitempty"`
}

// FoodOrigin is where a cold-chain food item comes from.
type FoodOrigin string

// Origins: imported goods carry the entry inspection-and-quarantine
// certificate; domestic meat the animal-quarantine certificate; other
// domestic cold-chain goods neither.
const (
	OriginImported FoodOrigin = "imported"
	OriginDomestic FoodOrigin = "domestic"
)

// FoodOrigins lists the origins in the order a form offers them.
var FoodOrigins = []FoodOrigin{OriginDomestic, OriginImported}

// SampleDiscardBody is the body of a `food.sample.discard`: a retained meal
// sample thrown away once its time was over (§11), by whom.
type SampleDiscardBody struct {
	Sample    string `json:"sample"`     // id of the food.sample
	SampleSeq int64  `json:"sample_seq"` // its seq, for people reading the log
	By        string `json:"by"`         // badge
}

// KitchenCheckBody is the body of a `kitchen.check`: a cook's morning check
// before work (§11): temperature, symptoms, wounds on the hands, a valid
// health certificate, and whether the cook may work today. By badge only
// (§15).
type KitchenCheckBody struct {
	Badge      string   `json:"badge"`
	Temp       Tenths   `json:"temp"`
	Symptoms   bool     `json:"symptoms"`    // cough, sore throat, diarrhoea …
	HandWound  bool     `json:"hand_wound"`  // wounds or infection on the hands
	HealthCert bool     `json:"health_cert"` // a valid health certificate
	Fit        bool     `json:"fit"`
	Reasons    []string `json:"reasons,omitempty"` // why not fit, reason codes
}

// Until parses RetainUntil; the zero time when it is not a time.
func (b FoodSampleBody) Until() time.Time {
	t, err := ParseAt(b.RetainUntil)
	if err != nil {
		return time.Time{}
	}
	return t
}

// DisinfectionBody is the body of a `disinfection` (§3 daily screening): a
// zone or area disinfected.
type DisinfectionBody struct {
	Zone          string          `json:"zone"`
	Area          string          `json:"area,omitempty"`
	Method        DisinfectMethod `json:"method"`
	Agent         string          `json:"agent,omitempty"`
	Concentration string          `json:"concentration,omitempty"`
	ContactMin    int             `json:"contact_min,omitempty"`
	Operator      string          `json:"operator"`
}
