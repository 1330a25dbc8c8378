"""Word lists of news English, as data: what may never be a person, what a
title or an organisation head looks like, which demonym names which country.

Everything here is lower-case unless the comment says otherwise; look-ups
casefold first. The lists are deliberately small and general: they describe
the grammar of wire copy, not particular stories.
"""

from __future__ import annotations


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one whitespace-separated string."""
    return frozenset(words.split())


DAYS = wordset("""monday tuesday wednesday thursday friday saturday sunday
mon tue tues wed thu thur thurs fri sat sun""")

MONTHS = wordset("""january february march april may june july august september october
november december jan feb mar apr jun jul aug sep sept oct nov dec""")

# Capitalised at the start of a sentence far more often than as a name.
COMMON_WORDS = wordset("""
a about above according across after afterwards again against ago ahead all almost
along already also although always amid among an and another any anyone anything
are around as at authorities back based be because been before being below between
both but by can cannot could despite did do does during each earlier either else
even ever every everyone few first following for former from further had has have
he her here hers him his how however i if in including inside instead into is it
its just last late later latest least less like many may meanwhile might more most
much must my near nearly neither never nevertheless new next no nobody none nor not
nothing now of off officials often on once one only or other others otherwise our
out over overall own per perhaps rather recently several she should since so some
someone something soon still such than that the their them then there these they
this those though three through throughout thus to today together tomorrow too
toward towards two under unless until up upon us very via was we well were what
whatever when where whether which while who whom whose why will with within without
would yes yesterday yet you your
asked opening taking government governments rebels opposition police troops forces
army military officials official residents people witnesses sources analysts critics
voters protesters militants fighters soldiers president minister spokesman spokeswoman
state states city town village province region capital country nation world
earlier separately elsewhere initially eventually finally still asked speaking rival rivals
breaking update updated exclusive analysis editing reporting writing
north south east west northern southern eastern western central
según tras durante selon après depuis laut seit
""")

# Plural nouns of political families and movements that close a party's name
# after a word that is also a first name (`Christian Democrats`, `Liberal
# Democrats`, `Sweden Democrats`): never a person's surname.
GROUP_PLURALS = wordset("""
democrats republicans socialists conservatives liberals greens communists nationalists
unionists progressives
""")
# Words that end an organisation name: "Liberation Front", "Foreign Ministry".
ORG_HEADS = wordset("""
front observatory ministry council party agency corp corporation inc incorporated
ltd limited llc plc gmbh bank army forces force navy guard guards brigade brigades
battalion militia university college school institute institution academy committee
commission organisation organization union association federation league alliance
coalition movement group network company co holdings airlines airways motors
foundation fund trust court tribunal parliament assembly congress senate cabinet
authority office department service services bureau administration center centre
hospital church mosque club team news times post herald journal tribune gazette
exchange board directorate command police commandos unit program programme
international watch government ferries railways corps house
metro zoo museum survey
laboratories labs pharmaceuticals pharma petroleum securities industries technologies
resources mining minerals logistics shipping maritime telecom sa ag nv spa tbk bhd
""") | GROUP_PLURALS

# Endings of words built on what a company sells (`Microdevices`,
# `Biologics`, `Foods`): such a word closes a company's name.
COMPANY_WORD_ENDINGS = tuple(["devices", "systems", "networks", "solutions", "electronics", "software", "semiconductor", "semiconductors", "therapeutics", "biologics", "robotics", "analytics", "microsystems", "foods", "brands",
                              "marketing", "consulting", "insurance", "investments", "ventures", "communications"])

# Corporate suffixes: `Fenwick Morgan Ltd` is later printed `Fenwick Morgan`,
# and that shorter form is the same company, not a person.
CORPORATE_SUFFIXES = wordset("corp corporation inc incorporated ltd limited llc plc gmbh co sa ag nv spa tbk bhd")

# Words that open an organisation name in Spanish, Portuguese, French or
# Indonesian wire copy (`Grupo Mexico`, `Banco Santander`, `Bank Mandiri`).
ORG_LEADS = wordset("""
grupo banco banque bank minera compania compañia corporacion corporación empresa
sociedad instituto universidad universidade université universite petroleos
radio television televisión ayuntamiento ministerio ministère ministerium prefectura
""")

# Capitalised heads of a named facility: the whole span is the facility
# (`Sam Ratulangi International Airport`), never a place or a person fragment.
FACILITY_HEADS = wordset("""
airport airports airfield port seaport harbour harbor terminal station stadium arena
mine refinery smelter dam bridge tunnel prison
""")
# Facilities run as organisations (an airport or port authority is a body
# that acts and speaks); the others are structures and are not reported.
FACILITY_ORGS = wordset("airport airports airfield port seaport")

# Lower-case nouns that, right after a capitalised name that is not a place,
# make it a facility's name (`Cerro Alto copper mine`, `Grasberg mine`), and
# the modifiers allowed between (`copper`).
FACILITY_NOUNS = wordset("""
mine mines refinery smelter plant dam stadium oilfield gasfield field airport port
terminal project deposit pit
""")
FACILITY_MODIFIERS = wordset("""
copper gold silver coal iron lithium nickel zinc tin uranium oil gas power nuclear
hydroelectric hydropower solar wind steel cement open-pit open pit
""")

# Lower-case nouns naming a company right before its name (`operator Andina
# Cobre`, `shipping group Ortega Maritima`); any word ending in `maker`
# (`drugmaker`, `carmaker`) counts too.
COMPANY_NOUNS = wordset("""
operator company firm group conglomerate miner producer refiner retailer lender
insurer carrier airline developer brokerage broker startup start-up subsidiary
supplier manufacturer shipper exporter importer bank utility consultancy
""")

# Words that make a capitalised run a physical feature or a street, not a
# settlement: "Strait of Georgia", "Indian Ocean", "Fulton County".
GEO_FEATURES = wordset("""
strait straits gulf bay sea ocean lake river mount mountains mountain hills hill valley
island islands isle peninsula cape desert plain plains coast canal channel county
district avenue avenida street road square highway boulevard park bridge airport
jabal jebel wadi
""")

# Words that close the name of a built place or a settlement's part, never a
# person's surname (`Washington Township`, `Trump Tower`, `Kilburn Estate`).
STRUCTURE_HEADS = wordset("""
township townships estate estates heights tower towers complex castle palace basilica
cathedral chapel temple shrine racecourse lagoon schools mall plaza market
""")



# Lower-case nouns that, next to an unknown acronym, make it an organisation
# ("the CGT union", "operator SNCF").
ORG_NOUNS = wordset("""
union unions party group operator agency company firm bank militia movement network
broadcaster airline carrier regulator watchdog insurer lender group's
""")

# Verbs that only people do, for evidence after a name ("Mbappe scored").
PERSON_VERBS = wordset("""
scored resigned died apologised apologized tweeted admitted vowed pledged smiled
""")

# Particles that may sit, lower-case, inside a name: "Bashar al-Assad",
# "Jabal al Zawiya", "Ursula von der Leyen", "Bank of England".
NAME_PARTICLES = wordset("al el bin ibn bint abu abd van von der den de del della da di du la le dos das")
ORG_CONNECTORS = wordset("of for and")

# Titles placed before a name; their presence makes what follows a person.
TITLES = wordset("""
president vice premier prime minister chancellor king queen prince princess sheikh
emir sultan pope cardinal archbishop bishop rabbi imam ayatollah mr mrs ms miss dr
prof professor sir dame lord lady general gen lieutenant lt colonel col major maj
captain capt commander admiral sergeant sgt senator sen representative rep governor
gov mayor judge justice ambassador secretary chairman chairwoman chair ceo director
envoy commissioner spokesman spokeswoman spokesperson deputy speaker chief coach
marshal brigadier field crown foreign defence defense interior finance economy
health trade foreign-minister secretary-general president-elect acting former
opposition leader senior
""")

# Lower-case role words that, right before a capitalised name, mark a person
# ("defector general Ahmad Rahhal", "striker Harry Kane").
ROLE_WORDS = wordset("""
general spokesman spokeswoman spokesperson minister president leader commander official
analyst activist lawyer official professor researcher economist striker midfielder
defender goalkeeper coach manager captain chief executive ceo founder chairman
director envoy ambassador senator governor mayor judge prosecutor actor actress
singer rapper author writer journalist reporter photographer correspondent editor
candidate lawmaker legislator mp resident witness colonel major figure defector
premier king queen prince cleric doctor nurse player champion
politician campaigner diplomat billionaire investor entrepreneur businessman businesswoman
poet novelist filmmaker farmer fisherman student priest pastor
""")

ATTRIBUTION_VERBS = wordset("""
said says say told tells added adds warned warns stated states claimed claims
announced announces insisted insists argued argues wrote writes noted notes
explained explains declared declares urged urges denied denies confirmed confirms
""")

# Attribution verbs that may precede their speaker ("said Peter Lomuria"); a
# name after `told`, `urged` or `asked` is the one addressed.
INVERSION_VERBS = wordset("""
said says added adds warned warns stated wrote writes noted notes explained explains
declared declares insisted insists argued argues claimed claims
""")

HONORIFICS = wordset("mr mrs ms miss dr sir dame")

# Leading words to drop from a capitalised run before classifying it.
LEADING_DETERMINERS = wordset("the a an")

# Demonyms and adjectives of nationality -> ISO 3166-1 alpha-2.
DEMONYMS: dict[str, str] = {
    "afghan": "AF", "afghans": "AF", "albanian": "AL", "algerian": "DZ", "american": "US",
    "americans": "US", "angolan": "AO", "argentine": "AR", "argentinian": "AR",
    "armenian": "AM", "australian": "AU", "australians": "AU", "austrian": "AT",
    "azerbaijani": "AZ", "azeri": "AZ", "bahraini": "BH", "bangladeshi": "BD",
    "belarusian": "BY", "belgian": "BE", "bolivian": "BO", "bosnian": "BA", "brazilian": "BR",
    "british": "GB", "briton": "GB", "britons": "GB", "bulgarian": "BG", "burmese": "MM",
    "cambodian": "KH", "cameroonian": "CM", "canadian": "CA", "canadians": "CA",
    "chadian": "TD", "chilean": "CL", "chinese": "CN", "colombian": "CO", "congolese": "CD",
    "croatian": "HR", "cuban": "CU", "cypriot": "CY", "czech": "CZ", "danish": "DK",
    "dutch": "NL", "ecuadorian": "EC", "egyptian": "EG", "egyptians": "EG", "emirati": "AE",
    "eritrean": "ER", "estonian": "EE", "ethiopian": "ET", "filipino": "PH", "finnish": "FI",
    "french": "FR", "georgian": "GE", "german": "DE", "germans": "DE", "ghanaian": "GH",
    "greek": "GR", "guatemalan": "GT", "haitian": "HT", "honduran": "HN", "hungarian": "HU",
    "icelandic": "IS", "indian": "IN", "indians": "IN", "indonesian": "ID", "iranian": "IR",
    "iranians": "IR", "iraqi": "IQ", "iraqis": "IQ", "irish": "IE", "israeli": "IL",
    "israelis": "IL", "italian": "IT", "italians": "IT", "ivorian": "CI", "jamaican": "JM",
    "japanese": "JP", "jordanian": "JO", "jordanians": "JO", "kazakh": "KZ", "kenyan": "KE",
    "korean": "KR", "kosovar": "XK", "kuwaiti": "KW", "kyrgyz": "KG", "latvian": "LV",
    "lebanese": "LB", "liberian": "LR", "libyan": "LY", "libyans": "LY", "lithuanian": "LT",
    "malaysian": "MY", "malian": "ML", "maltese": "MT", "mexican": "MX", "mexicans": "MX",
    "moldovan": "MD", "mongolian": "MN", "moroccan": "MA", "mozambican": "MZ",
    "namibian": "NA", "nepalese": "NP", "nepali": "NP", "nigerian": "NG", "nigerien": "NE",
    "norwegian": "NO", "omani": "OM", "pakistani": "PK", "pakistanis": "PK",
    "palestinian": "PS", "palestinians": "PS", "panamanian": "PA", "paraguayan": "PY",
    "peruvian": "PE", "philippine": "PH", "polish": "PL", "portuguese": "PT", "qatari": "QA", "romanian": "RO",
    "russian": "RU", "russians": "RU", "rwandan": "RW", "saudi": "SA", "saudis": "SA",
    "senegalese": "SN", "serbian": "RS", "serb": "RS", "serbs": "RS", "singaporean": "SG",
    "slovak": "SK", "slovenian": "SI", "somali": "SO", "somalis": "SO",
    "south african": "ZA", "spanish": "ES", "sri lankan": "LK", "sudanese": "SD",
    "swedish": "SE", "swiss": "CH", "syrian": "SY", "syrians": "SY", "taiwanese": "TW",
    "tajik": "TJ", "tanzanian": "TZ", "thai": "TH", "tunisian": "TN", "turkish": "TR",
    "turk": "TR", "turks": "TR", "turkmen": "TM", "ugandan": "UG", "ukrainian": "UA",
    "ukrainians": "UA", "uruguayan": "UY", "uzbek": "UZ", "venezuelan": "VE",
    "vietnamese": "VN", "yemeni": "YE", "yemenis": "YE", "zambian": "ZM", "zimbabwean": "ZW",
}

# Other names of countries than the GeoNames one -> ISO code.
COUNTRY_ALIASES: dict[str, str] = {
    "us": "US", "u.s.": "US", "usa": "US", "u.s.a.": "US", "america": "US",
    "united states of america": "US", "uk": "GB", "u.k.": "GB", "britain": "GB",
    "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "turkiye": "TR", "türkiye": "TR", "turkey": "TR", "czech republic": "CZ",
    "burma": "MM", "holland": "NL", "uae": "AE", "drc": "CD", "dr congo": "CD",
    "palestine": "PS", "palestinian territories": "PS", "gaza strip": "PS",
    "west bank": "PS", "cote d'ivoire": "CI", "côte d'ivoire": "CI", "vatican city": "VA",
    "east timor": "TL", "swaziland": "SZ", "macedonia": "MK", "south korea": "KR",
    "north korea": "KP", "korea": "KR", "russian federation": "RU", "persia": "IR",
}

# Continents and the regions the news names; value: GeoNames continent code.
CONTINENT_ALIASES: dict[str, str] = {
    "africa": "AF", "asia": "AS", "europe": "EU", "north america": "NA",
    "oceania": "OC", "south america": "SA", "antarctica": "AN", "latin america": "SA",
}

# A short given-name list (several cultures): the first token of a run being a
# given name is evidence for a person even without a title or a verb.
GIVEN_NAMES = wordset("""
aaron abdel abdul abdullah abdulrahman abu adam adel ahmad ahmed aisha akira ali alice
alexander alexei alex alan amir amina amy ana andrea andrew andrei angela angelina anna
anne anthony antonio ashraf austin barack bashar ben benjamin bernard bill boris brian
carlos catherine charles chelsea chris christine christopher claire daniel david denis
diana donald dmitry ed edward elena elizabeth emily emmanuel emma eric fatima fernando
florence francis francois frank fumio gabriel george georgia giorgia hamid hans hassan
helen henry hillary hussein ibrahim igor imran isabel ismail jack jacob jair james jane
jean jennifer jerome jessica jim joe johan john jonathan jordan jorge jose joseph juan
julia justin kamala karim karl kate keir kevin khalid kim klaus laura lee leila liz
luis luiz mahmoud maria mario mark martin mary matteo maria mehmet michael michel
mikhail mohamed mohammad mohammed muhammad mustafa naji narendra natalia nicolas nikol
nicola olaf olena olga omar oscar pablo paris patrick paul pedro peter philip pierre
rafael rahul ramzi recep rishi robert roberto roger ronald rosa salman sam samuel sara
sarah scott sebastian sergei sergey shinzo simon sophie stephen steve sydney tayyip
theresa thomas tim tom ursula valerie vicente victor victoria vladimir volodymyr walid
william xavier xi yasser yousef youssef yuri yusuf zaid zeynep
""")

# Organisations a wire desk meets every day: canonical name -> aliases
# (aliases are matched case-sensitively as whole token runs).
CURATED_ORGS: dict[str, tuple[str, ...]] = {
    "United Nations": ("UN", "U.N.", "United Nations"),
    "UN Security Council": ("Security Council", "UN Security Council", "U.N. Security Council"),
    "NATO": ("NATO", "Nato", "North Atlantic Treaty Organization"),
    "European Union": ("EU", "E.U.", "European Union"),
    "European Commission": ("European Commission",),
    "World Health Organization": ("WHO", "World Health Organization", "World Health Organisation"),
    "International Monetary Fund": ("IMF", "International Monetary Fund"),
    "World Bank": ("World Bank",),
    "OPEC": ("OPEC", "Opec"),
    "African Union": ("African Union", "AU"),
    "Arab League": ("Arab League",),
    "Red Cross": ("Red Cross", "ICRC", "International Committee of the Red Cross"),
    "Amnesty International": ("Amnesty International", "Amnesty"),
    "Human Rights Watch": ("Human Rights Watch", "HRW"),
    "Reuters": ("Reuters",),
    "Agence France-Presse": ("AFP", "Agence France-Presse", "Agence France Presse"),
    "Associated Press": ("AP", "Associated Press"),
    "Bloomberg": ("Bloomberg",),
    "BBC": ("BBC",),
    "Hamas": ("Hamas",),
    "Hezbollah": ("Hezbollah",),
    "Taliban": ("Taliban",),
    "Islamic State": ("Islamic State", "ISIS", "ISIL"),
    "al Qaeda": ("al Qaeda", "al-Qaeda", "Al Qaeda", "Al-Qaeda"),
    "Kremlin": ("Kremlin",),
    "White House": ("White House",),
    "Pentagon": ("Pentagon",),
    "Federal Reserve": ("Federal Reserve", "Fed"),
    "European Central Bank": ("European Central Bank", "ECB"),
    "FIFA": ("FIFA",),
    "Paris Saint-Germain": ("Paris Saint-Germain", "PSG"),
    "Manchester United": ("Manchester United",),
    "Real Madrid": ("Real Madrid",),
    "Texas Instruments": ("Texas Instruments",),
    "Georgia Tech": ("Georgia Tech",),
    "Syrian Democratic Forces": ("Syrian Democratic Forces", "SDF"),
    # National legislatures known by a proper name of their own.
    "Bundestag": ("Bundestag",),
    "Bundesrat": ("Bundesrat",),
    "Knesset": ("Knesset",),
    "State Duma": ("State Duma", "Duma"),
    "Sejm": ("Sejm",),
    "Storting": ("Storting", "Stortinget"),
    "Riksdag": ("Riksdag",),
    "Folketing": ("Folketing", "Folketinget"),
    "Eduskunta": ("Eduskunta",),
    "Althing": ("Althing",),
    "Verkhovna Rada": ("Verkhovna Rada",),
    "Lok Sabha": ("Lok Sabha",),
    "Rajya Sabha": ("Rajya Sabha",),
    "Dáil": ("Dáil", "Dail"),
    "National People's Congress": ("National People's Congress", "NPC"),
    "Hayat Tahrir al-Sham": ("Hayat Tahrir al-Sham", "HTS"),
}

# Words naming a weather system before its given name (`Storm Boris`,
# `Typhoon Yagi`): the name is the storm's, though `Storm` is a first name too.
WEATHER_SYSTEMS = wordset("storm hurricane typhoon cyclone")

# An upper-case dateline or acronym never names a person.
NEVER_PEOPLE = (DAYS | MONTHS | frozenset(DEMONYMS) | COMMON_WORDS | ORG_HEADS | GEO_FEATURES
                | FACILITY_HEADS | WEATHER_SYSTEMS)
