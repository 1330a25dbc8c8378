"""Cue terms of the IPTC Media Topics we assign (codes and English labels
from the IPTC Media Topics vocabulary, http://cv.iptc.org/newscodes/mediatopic/).

Each topic lists cue terms with weights: 3 for a term that on its own says
what the story is about (`ceasefire`), 2 for a strong cue, 1 for a weak one.
A term ending in `*` matches any word starting with it (`rebel*` matches
`rebels`, `rebellion`), so a prefix must not open unrelated words (`exam*`
would match `examine`, `march*` the month, `pet*` `petrol`); a term with a space matches that phrase. Terms are
matched on casefolded words of the headline and body. Subtopics name their
parent; their score also counts towards the parent.

`MASKED_PHRASES` are compounds in which a cue word means something else
(`snow crab` is no weather, `crab season` no sport, `won by a landslide` no
disaster): their words are taken out before any cue is matched.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TopicDef:
    code: str
    label: str
    terms: dict[str, int]
    parent: str | None = None


def _t(spec: str) -> dict[str, int]:
    """'3: war ceasefire | 2: rebel* troops' -> {'war': 3, 'ceasefire': 3, ...}"""
    out: dict[str, int] = {}
    for group in spec.split("|"):
        weight, _, terms = group.partition(":")
        for term in terms.split(","):
            if term.strip():
                out[term.strip()] = int(weight)
    return out


MASKED_PHRASES: tuple[str, ...] = (
    "snow crab", "snow crabs", "crab season", "fishing season", "harvest season",
    "holiday season", "festive season", "rain forest", "rain forests", "storm of criticism",
    "political storm", "firestorm", "landslide victory", "landslide win", "by a landslide",
    "in a landslide", "price war", "price wars", "trade war", "trade wars", "war of words",
    "match the", "goal of", "goals of", "fire sale",
)

TOPICS: tuple[TopicDef, ...] = (
    TopicDef("medtop:01000000", "arts, culture, entertainment and media", _t(
        "3: film festival, box office, album, exhibition, museum*, novel*, oscar*|"
        "2: artist*, actor*, actress*, singer*, concert*, theatre, theater, film*, movie*, "
        "music*, painting*, gallery, galleries, festival*, broadcast*|1: culture*, cultural, show*")),
    TopicDef("medtop:02000000", "crime, law and justice", _t(
        "3: court*, trial*, convict*, sentenced, prosecutor*, indict*, lawsuit*, murder*|"
        "2: police, arrest*, charged, judge*, jury, crime*, criminal*, fraud*, investigat*, "
        "suspect*, verdict*, supreme court, lawyer*|1: law*, legal, justice, prison*, jail*")),
    TopicDef("medtop:03000000", "disaster, accident and emergency incident", _t(
        "3: earthquake*, tsunami*, wildfire*, hurricane*, typhoon*, cyclone*, flood*, landslide*, "
        "plane crash, derail*, mudslide*|2: disaster*, rescue*, rescuer*, evacuat*, collapse*, "
        "crash*, explosion*, fire*, victims, emergency, death toll|1: accident*, injured, "
        "damage*, buried, stranded, stranding, deaths")),
    TopicDef("medtop:04000000", "economy, business and finance", _t(
        "3: inflation, gdp, interest rate*, central bank, stock market*, shares, earnings, "
        "revenue*, profit*|2: econom*, market*, investor*, bank*, trade, tariff*, company, "
        "companies, business*, price*, oil, currency, debt*, budget*, finance*, financial*, "
        "growth, recession, exports, imports, fisheries, fishing industry, trawler*|"
        "1: dollar*, billion, million, deal*, sales, industry, firm*, ceo, harvest*, quota*, "
        "fleet*")),
    TopicDef("medtop:05000000", "education", _t(
        "3: school*, universit*, student*, teacher*, pupil*, curriculum|2: education*, "
        "exam, exams, classroom*, campus*, tuition|1: learning, graduate*")),
    TopicDef("medtop:06000000", "environment", _t(
        "3: climate change, global warming, emissions, carbon, deforestation, biodiversity, "
        "radioactive, nuclear waste, contaminat*, toxic, overfishing, marine heat wave*, "
        "marine heatwave*, fish stocks|"
        "2: environment*, pollution, climate, renewable*, species, conservation, wildlife, "
        "fossil fuel*, treated water, wastewater, seafood, ecosystem*, habitat*, endangered|"
        "1: forest*, ocean*, drought*, nuclear, stocks of")),
    TopicDef("medtop:07000000", "health", _t(
        "3: vaccine*, pandemic*, epidemic*, virus*, outbreak*, covid*, cancer*, hospital*|"
        "2: health*, patient*, disease*, infection*, doctor*, medical, medicine*, nurse*, "
        "clinic*, drug*, treatment*|1: deaths, cases, care")),
    TopicDef("medtop:08000000", "human interest", _t(
        "3: centenarian*, record-breaking|2: celebrat*, anniversar*, wedding*, birthday*, "
        "royal family, royals|1: animal*, pet, pets, zoo, zoos")),
    TopicDef("medtop:09000000", "labour", _t(
        "3: strike*, trade union*, unemployment, layoff*, wage*|2: worker*, union*, jobs, "
        "employment, employee*, labour, labor, pension*|1: work*, salary, salaries")),
    TopicDef("medtop:10000000", "lifestyle and leisure", _t(
        "3: recipe*, fashion*, tourism, tourist*, cuisine*|2: holiday*, travel*, chef*, "
        "dining, gourmet, hobby, hobbies, leisure|1: shopping, style*, restaurant*, food*")),
    TopicDef("medtop:11000000", "politics and government", _t(
        "3: election*, parliament*, president*, prime minister, govern*, minister*, "
        "diplomat*, lawmaker*|2: politic*, vote*, voter*, party, parties, opposition, "
        "regime*, senat*, congress*, cabinet, policy, policies, sanction*, talks, "
        "treaty, summit*, campaign*|1: official*, leader*, state, spokesman, spokeswoman, "
        "statement")),
    TopicDef("medtop:12000000", "religion", _t(
        "3: church*, mosque*, pope, vatican, clergy, pilgrim*, ramadan, synagogue*|"
        "2: religio*, faith*, bishop*, imam*, priest*, worship*, christian*, muslim*, "
        "jewish, hindu*, buddhist*|1: god, holy")),
    TopicDef("medtop:13000000", "science and technology", _t(
        "3: scientist*, research*, nasa, spacecraft, satellite*, artificial intelligence, "
        "software, smartphone*, semiconductor*|2: science*, technolog*, tech, digital, "
        "internet, cyber*, robot*, study, studies, physics, astronom*, comput*|"
        "1: data, online, app, apps")),
    TopicDef("medtop:14000000", "society", _t(
        "3: refugee*, migrant*, immigra*, asylum, poverty, homeless*, discrimination|"
        "2: social, societ*, displaced, human rights, welfare, community, communities, "
        "family, families, women, children, protest*|1: civilian*, population, people")),
    TopicDef("medtop:15000000", "sport", _t(
        "3: match*, tournament*, championship*, league, olympic*, world cup, goal*, "
        "coach*, striker*, midfielder*|2: sport*, team*, player*, season*, club*, final, "
        "semi-final*, score*, win, won, defeat*, victory|1: game*, fans, stadium*")),
    TopicDef("medtop:16000000", "conflict, war and peace", _t(
        "3: war, wars, ceasefire*, truce, airstrike*, air strike*, insurgen*, militia*, "
        "offensive, rebel*, shelling, frontline*, front line*|2: military, troops, army, "
        "armed, fighting, fighter*, forces, soldier*, attack*, weapon*, missile*, bomb*, "
        "conflict*, killed, recaptur*, captur*, invasion, invad*, occupation, peace*, "
        "battle*, clashes|1: security, defence, defense, control, territory, buffer zone")),
    TopicDef("medtop:17000000", "weather", _t(
        "3: weather, forecast*, heatwave*, heat wave, snowfall, rainfall, monsoon*|2: storm*, "
        "temperature*, rain, rains, snow, wind*, meteorolog*, red alert|1: cold, hot, sunny")),
    # subtopics we can support from wording alone
    TopicDef("medtop:16001000", "act of terror", _t(
        "3: terror*, suicide bomb*, jihadist*, extremist*|2: bombing*, hostage*, "
        "gunman, gunmen|1: attack*"), parent="medtop:16000000"),
    TopicDef("medtop:16002000", "armed conflict", _t(
        "3: rebel*, insurgen*, militia*, armed group*, offensive|2: fighting, clashes, "
        "fighter*, troops, shelling, airstrike*, recaptur*|1: forces, military"),
        parent="medtop:16000000"),
    TopicDef("medtop:16003000", "civil unrest", _t(
        "3: protest*, riot*, demonstrator*, unrest|2: rally, rallies, marches, marched, marchers, "
        "tear gas, "
        "crackdown*|1: police, crowd*"), parent="medtop:16000000"),
    TopicDef("medtop:16009000", "war", _t(
        "3: war, wars, invasion, invad*, declaration of war|2: warfare, wartime, front line*, "
        "frontline*, missile*, drone strike*, air defence*, air raid*|1: troops, drone*"), parent="medtop:16000000"),
    TopicDef("medtop:11003000", "election", _t(
        "3: election*, ballot*, polling station*, electoral, runoff*, recount*|2: vote*, voter*, "
        "voting, candidate*, campaign*, concede*, presidential race|1: poll*, presidential"), parent="medtop:11000000"),
    TopicDef("medtop:15054000", "association football (soccer)", _t(
        "3: premier league, champions league, world cup, fifa, uefa, midfielder*, "
        "goalkeeper*|2: football, soccer, striker*, penalty, penalties, goal*|1: club*"),
        parent="medtop:15000000"),
)
