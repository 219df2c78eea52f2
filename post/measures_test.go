package post_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
)

func TestColdChainPapersFollowTheOrigin(t *testing.T) {
	base := post.FoodInput{Item: "猪肉", Category: record.FoodMeat, ColdChain: true, Supplier: "苏食", Licence: "JY1", Quantity: 45,
		Unit: "kg", Produced: "2026-03-01", Expires: "2026-03-04", Certificate: bp(true), SensoryOK: bp(true),
		NucleicAcid: bp(true), Disinfection: bp(true), TraceCode: "32000"}
	with := func(f func(*post.FoodInput)) post.FoodInput { in := base; f(&in); return in }
	for _, c := range []struct {
		name    string
		in      post.FoodInput
		field   string
		reasons []gate.Reason
	}{
		{"domestic meat with its animal-quarantine paper", with(func(in *post.FoodInput) {
			in.Origin, in.AnimalQuarantine = record.OriginDomestic, bp(true)
		}), "", nil},
		{"domestic meat: the animal paper is asked", with(func(in *post.FoodInput) { in.Origin = record.OriginDomestic }), "AnimalQuarantine", nil},
		{"domestic meat without it", with(func(in *post.FoodInput) {
			in.Origin, in.AnimalQuarantine = record.OriginDomestic, bp(false)
		}), "", []gate.Reason{gate.ReasonNoAnimalQuarantine}},
		{"domestic vegetables: no quarantine paper", with(func(in *post.FoodInput) {
			in.Origin, in.Category = record.OriginDomestic, record.FoodVegetable
		}), "", nil},
		{"imported: the entry certificate is asked", with(func(in *post.FoodInput) { in.Origin = record.OriginImported }), "Quarantine", nil},
		{"imported without it", with(func(in *post.FoodInput) {
			in.Origin, in.Quarantine = record.OriginImported, bp(false)
		}), "", []gate.Reason{gate.ReasonNoQuarantine}},
		{"unknown origin", with(func(in *post.FoodInput) { in.Origin = "moon" }), "Origin", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			p, err := e.svc.DecideFood(c.in)
			if c.field != "" {
				var ie *post.InputError
				if !errors.As(err, &ie) || ie.Field != c.field {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			v, err := e.svc.Save(context.Background(), guard, p)
			if err != nil {
				t.Fatal(err)
			}
			b := decode[record.FoodInspectionBody](t, v.Main())
			var want []string
			for _, r := range c.reasons {
				want = append(want, string(r))
			}
			if b.Origin != c.in.Origin || b.Accepted != (len(want) == 0) || !slices.Equal(b.Reasons, want) {
				t.Errorf("inspection %+v", b)
			}
		})
	}
}

func TestSampleFridgeTakerAndDiscard(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	dishes := []record.SampleDish{{Name: "红烧肉", Grams: 130}}
	var re *post.RefusedError
	for _, bad := range []record.Tenths{-5, 81} {
		if _, err := e.svc.DecideSample(post.SampleInput{Meal: record.Lunch, Dishes: dishes, FridgeTemp: tp(bad)}); !errors.As(err, &re) ||
			re.Code != gate.RefuseFridgeTemp {
			t.Errorf("fridge %s: %v", bad, err)
		}
	}
	p, err := e.svc.DecideSample(post.SampleInput{Meal: record.Lunch, Dishes: dishes, FridgeTemp: tp(40), Taker: " 1002 "})
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.Save(ctx, guard, p)
	if err != nil {
		t.Fatal(err)
	}
	b := decode[record.FoodSampleBody](t, v.Main())
	if b.Taker != "1002" || b.FridgeTemp == nil || *b.FridgeTemp != 40 {
		t.Fatalf("sample %+v", b)
	}
	s := gate.Sample{ID: v.Main().ID, Seq: v.Main().Seq, At: v.Main().At, Body: b, Until: b.Until()}
	if _, err := e.svc.DiscardSample(ctx, guard, s); !errors.As(err, &re) || re.Code != gate.RefuseDiscardEarly {
		t.Fatalf("early discard: %v", err)
	}
	e.clk.add(48 * time.Hour)
	d, err := e.svc.DiscardSample(ctx, guard, s)
	if err != nil {
		t.Fatal(err)
	}
	db := decode[record.SampleDiscardBody](t, d.Main())
	if d.Main().Kind != record.SampleDiscard || db.Sample != s.ID || db.SampleSeq != s.Seq || db.By != guard.Badge || d.Main().Gate != 5 {
		t.Fatalf("discard %+v", d.Main())
	}
}

func TestCookCheck(t *testing.T) {
	for _, c := range []struct {
		name    string
		in      post.CookInput
		field   string
		reasons []gate.Reason
	}{
		{"fit", post.CookInput{Badge: "c01", Temp: tp(364), Symptoms: bp(false), HandWound: bp(false), HealthCert: bp(true)}, "", nil},
		{"every reason", post.CookInput{Badge: "C01", Temp: tp(378), Symptoms: bp(true), HandWound: bp(true), HealthCert: bp(false)}, "",
			gate.CookReasons},
		{"no temperature", post.CookInput{Badge: "C01", Symptoms: bp(false), HandWound: bp(false), HealthCert: bp(true)}, "Temp", nil},
		{"hands not asked", post.CookInput{Badge: "C01", Temp: tp(364), Symptoms: bp(false), HealthCert: bp(true)}, "HandWound", nil},
		{"no badge", post.CookInput{Temp: tp(364), Symptoms: bp(false), HandWound: bp(false), HealthCert: bp(true)}, "Badge", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			p, err := e.svc.DecideCook(c.in)
			if c.field != "" {
				var ie *post.InputError
				if !errors.As(err, &ie) || ie.Field != c.field {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			v, err := e.svc.Save(context.Background(), guard, p)
			if err != nil {
				t.Fatal(err)
			}
			b := decode[record.KitchenCheckBody](t, v.Main())
			var want []string
			for _, r := range c.reasons {
				want = append(want, string(r))
			}
			if v.Main().Kind != record.KitchenCheck || b.Badge != "C01" || b.Fit != (len(want) == 0) || !slices.Equal(b.Reasons, want) {
				t.Errorf("check %+v", b)
			}
		})
	}
}
