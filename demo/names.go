package demo

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// surnames are the common Chinese family names, most frequent first.
var surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤")

// maleNames and femaleNames are given names as people of the generations on
// a roster carry them; a name always agrees with the sex digit of the
// person's resident ID number (the 17th: odd for men).
var maleNames = []string{
	"伟", "强", "磊", "军", "洋", "勇", "杰", "涛", "明", "超", "刚", "辉", "鹏", "斌", "波", "健", "亮", "峰",
	"凯", "飞", "鑫", "宇", "浩", "建国", "建华", "建军", "志强", "志明", "海涛", "晓东", "国庆", "文博", "子豪",
	"浩然", "思远", "俊杰", "宏伟", "立新", "永刚", "德明", "卫东", "小龙", "家豪", "一鸣", "天宇", "国强", "振华",
	"晓明", "金龙", "永强", "海波", "志刚", "春生", "新民", "学军", "庆丰", "瑞峰", "子健",
}

var femaleNames = []string{
	"芳", "敏", "静", "丽", "艳", "娟", "霞", "红", "燕", "玲", "萍", "婷", "秀英", "秀兰", "桂英", "海燕", "晓燕",
	"春梅", "雨欣", "佳怡", "红梅", "丽华", "玉兰", "文静", "婷婷", "丽娟", "雪梅", "秋菊", "冬梅", "梓涵", "欣怡",
	"雅琴", "慧敏", "淑芬", "美玲", "晓丽", "玉珍", "凤英", "翠花", "月华",
}

// nameGen hands out distinct realistic names.
type nameGen struct {
	rng  *rand.Rand
	used map[string]bool
}

func newNameGen(rng *rand.Rand) *nameGen { return &nameGen{rng: rng, used: map[string]bool{}} }

// next returns a name not handed out before, a man's or a woman's.
func (g *nameGen) next(male bool) string {
	given := femaleNames
	if male {
		given = maleNames
	}
	for {
		// Frequent surnames are chosen more often, as on a real roster.
		i := g.rng.IntN(len(surnames))
		if g.rng.IntN(2) == 0 {
			i = g.rng.IntN(min(20, len(surnames)))
		}
		n := string(surnames[i]) + given[g.rng.IntN(len(given))]
		if !g.used[n] {
			g.used[n] = true
			return n
		}
	}
}

// idWeights are the GB 11643 / ISO 7064 MOD 11-2 weights of the 17 leading
// digits of a resident ID number.
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// checkChar computes the GB 11643 check character for 17 digits.
func checkChar(first17 string) byte {
	sum := 0
	for i := 0; i < 17; i++ {
		sum += int(first17[i]-'0') * idWeights[i]
	}
	return "10X98765432"[sum%11]
}

// MaleID reports whether a resident ID number is a man's: its 17th digit
// is odd (GB 11643).
func MaleID(id string) bool { return len(id) == 18 && (id[16]-'0')%2 == 1 }

// regions are county codes of Nanjing and nearby, where the demo facility is.
var regions = []string{"320102", "320104", "320105", "320106", "320111", "320113", "320114", "320115", "320116", "320117", "340104", "321002"}

// residentID makes a valid resident ID number: region, birth date, a
// sequence whose last digit is odd for men, and the check character.
func residentID(rng *rand.Rand, birth time.Time, male bool) string {
	seq := rng.IntN(100)*10 + rng.IntN(5)*2
	if male {
		seq++
	}
	s := fmt.Sprintf("%s%s%03d", regions[rng.IntN(len(regions))], birth.Format("20060102"), seq)
	return s + string(checkChar(s))
}

// birthDate picks a birth date between two years.
func birthDate(rng *rand.Rand, fromYear, toYear int) time.Time {
	y := fromYear + rng.IntN(toYear-fromYear+1)
	return time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(365))
}

// plateLetters are the letters used on plates (I and O are never issued).
const plateLetters = "ABCDEFGHJKLMNPQRSTUVWXYZ"

// outsidePlate makes a plausible plate of a vehicle that is not the facility's.
func outsidePlate(rng *rand.Rand) string {
	prov := []string{"苏A", "苏A", "苏A", "苏B", "苏H", "皖A", "皖E", "沪A"}[rng.IntN(8)]
	b := []byte{}
	for i := 0; i < 5; i++ {
		if i < 2 && rng.IntN(3) == 0 {
			b = append(b, plateLetters[rng.IntN(len(plateLetters))])
		} else {
			b = append(b, byte('0'+rng.IntN(10)))
		}
	}
	return prov + string(b)
}
