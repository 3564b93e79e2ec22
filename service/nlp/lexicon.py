"""General word lists the language components share: reporting verbs, titles, group nouns.

Nothing here names a person, place or phrase of any particular article.
"""

# Verbs that introduce what someone said, wrote, found or believes (lemmas).
REPORTING_VERBS = frozenset("""
say tell add state announce claim argue note explain insist acknowledge admit warn report write
declare assert contend maintain suggest predict estimate confirm deny reply respond recall stress
emphasize emphasise testify caution concede conclude complain allege agree disclose reveal urge
believe think find show indicate signal vow promise pledge threaten boast observe remark comment
describe call tweet post hint point_out say_so mention continue ask order demand propose recommend rule
""".split())
# Verbs of speech and writing proper: whatever their subject names is a speaker ("the ad claims").
SPEECH_VERBS = frozenset("""
say tell add state announce claim argue note explain insist acknowledge admit warn report write
declare assert contend maintain suggest confirm deny reply respond recall stress emphasize emphasise
testify caution concede complain allege disclose urge tweet post remark comment ask
""".split())
# Forms of speech verbs that open a sentence before their speaker in news style ("Said Doe: “...”").
INVERTED_OPENERS = frozenset("said says added adds asked asks wrote writes noted explained recalled".split())
# Cues that take the content as a clause ("said that ...") rather than only as a quotation.
CLAUSE_VERBS = REPORTING_VERBS - {"ask", "call", "describe", "post", "continue", "order"}
# "X called on Y to ...", "X pointed to ..." are attributions without a that-clause; kept out of
# claims because their content is an action, not a statement (an annotator's "required: false").

# Further attributions whose content is the verb's complement rather than a that-clause. Chosen from
# how often a verb with a subject, outside quotation marks, is an attribution cue in PolNeAR's train
# split (rates of about 0.6 and more); the words are general English verbs, no article's phrases.
# Acts of speech without the words ("accused X of Y", "called him a liar", "urged X to Y"). The last
# line was added as the belief verbs below were; "attack", "push" and "press" are as often physical.
STATEMENT_ACTS = frozenset("""
call describe accuse criticize criticise decline endorse praise urge blast denounce dismiss defend
question blame reject propose promise vow pledge cite mention tout slam mock thank condemn decry
lament rail echo reiterate repeat express voice recommend demand deny confirm admit assure
remind complain joke boast list label dub liken characterize portray credit hail applaud lash assail
rebuke deride lambast chide invoke quote discuss talk refer point highlight emphasize stress
recount interject retort counter rebut dispute disavow announce reveal tweet post email
refuse imply outline detail plead reference
answer encourage persuade convince apologize congratulate shout yell chant promote challenge cheer welcome
""".split())
# Verbs of speech that also report without a that-clause: "warned of a long battle", "reported
# raising $9 million", "claimed victory", "acknowledged the mistake", "wrote about the trial" (their
# that-clauses are the reported-speech rule's). "say" and "tell" are not here: their objects are
# rarely what was said ("said nothing", "told reporters").
SPEECH_COMPLEMENT_VERBS = frozenset("warn claim report write acknowledge explain argue insist suggest note".split())
# Thoughts, wishes, knowledge, decisions and stances ("X believes ...", "X wants to ...", "X knows
# ...", "X supports the plan"). The verbs after "feel" were added from their rate as PolNeAR train
# cues (outside quotations and other contents: 0.5 to 0.7) and the share of their claims that match
# an annotated attribution there (about 0.8); "see" and "offer" matched too rarely to keep.
BELIEF_VERBS = frozenset("""
think believe expect hope hop fear worry seek plan intend doubt suspect prefer oppose
wonder imagine envision assume realize remember feel want know understand consider recognize learn
support back favor advocate like decide accept embrace
""".split())
# Of those, the ones whose object alone is the content ("opposed the deal"); the others need a
# clause or an infinitive ("wants to ...", "believes that ...").
BELIEF_OBJECT_VERBS = frozenset("oppose prefer fear doubt envision support back favor advocate".split())
# What evidence, documents and polls show ("the poll found", "records indicate").
FINDING_VERBS = frozenset("""
show find indicate reveal estimate predict project forecast conclude demonstrate document suggest
""".split())
# Prepositions that carry an attribution's content after its verb ("called for", "accused X of",
# "talked about", "pointed to"); other prepositional phrases (time, place) are left out of it.
CONTENT_PREPS = frozenset("on for of about against as into over".split())
# Verbs whose "to" phrase is their content ("pointed to", "referred to"); elsewhere "to" names
# whom it was said to ("tweeted to X").
TO_CONTENT_VERBS = frozenset("point refer allude object".split())

HONORIFICS = frozenset("""
mr mrs ms miss dr prof sir dame lord lady rev fr sen senator rep representative gov governor
pres president vice gen general col colonel lt maj major capt captain adm admiral sgt cmdr
judge justice minister secretary chancellor king queen prince princess sheikh mayor ambassador
""".split())

# Heads of noun phrases that stand for a group or an unnamed person as a speaker.
PERSON_NOUNS = frozenset("""
official spokesman spokeswoman spokesperson aide source diplomat officer commander analyst expert
lawyer attorney witness resident member adviser advisor minister senator lawmaker leader executive
researcher scientist doctor prosecutor investigator negotiator envoy ambassador representative
person man woman journalist reporter activist employee worker soldier militant fighter director
chief head president chairman chairwoman secretary economist professor teacher student victim
poster blogger author individual resident citizen scientist physician nurse coach manager founder
mayor governor owner lawmaker judge editor analyst strategist candidate organizer organiser
""".split())
GROUP_SUFFIX_NOUNS = frozenset("""
official officials authority authorities source sources diplomat diplomats officer officers analyst
analysts expert experts lawmaker lawmakers leader leaders resident residents witness witnesses
investigator investigators prosecutor prosecutors police critic critics observer observers aide
aides commander commanders member members spokesman spokeswoman spokesperson people group groups
authors researchers scientists individuals posters bloggers citizens voters users doctors activists
""".split())
# Documents that "find" or "say" things on behalf of their authors.
DOCUMENT_NOUNS = frozenset("""
analysis report study survey statement assessment investigation review audit poll estimate letter
paper memo document filing ruling release website posting post blog article editorial
""".split())
# Polls whose results a sentence reports after "In ...," ("In a new poll, most voters said ...").
POLL_NOUNS = frozenset("poll survey".split())
# Further things that say, show or find something on their authors' behalf, beyond DOCUMENT_NOUNS
# ("the ad claims", "the email says", "exit polls suggested", "the listing said", "the polling
# average shows", "footage shows").
SOURCE_NOUNS = frozenset("""
ad advert advertisement commercial email e-mail message tweet video book memoir column op-ed speech
transcript record records data figure figures number numbers projection projections forecast model
tally count census bill law measure proposal platform plan policy resolution complaint lawsuit suit
indictment motion brief petition order verdict decision opinion finding findings result results
research evidence test exam page site listing notice sign note text chart graph map headline story
piece broadcast show program programme segment interview documentary film movie
average polling footage slide inquiry
""".split())
# Bodies that speak as one, when named by a common noun ("the campaign says", "the board said").
BODY_NOUNS = frozenset("""
campaign team office board panel bureau staff newspaper paper magazine journal network channel station
outlet site website publication daily weekly tabloid party caucus delegation coalition union league
club foundation institute center centre group organization organisation company firm corporation
bank fund charity airline city state county district school university college hospital church
police force service industry market side camp
""".split())
# Pronouns and quantities that stand for a group of speakers: "some said", "58 percent said".
GROUP_WORDS = frozenset("""
some many most others several few both all those these majority minority plurality half third
quarter fifth percent per cent proportion share number
""".split())

# Institutions that speak as one body when named by a common noun ("the government says").
INSTITUTION_NOUNS = frozenset("""
government administration court ministry department agency council committee company firm
commission authority military army embassy
""".split())

# Prepositions after which a proper name is a place ("in X", "from X").
LOCATIVE_PREPS = frozenset("in at from near outside inside beyond across around into toward towards throughout within".split())

# Single-word place markers: "the town of X", "X province".
PLACE_NOUNS = frozenset("city town village capital province region state country district port border".split())

QUALIFIERS = (
    "more than", "less than", "fewer than", "at least", "at most", "up to", "about", "around", "nearly",
    "almost", "roughly", "approximately", "over", "some", "as many as", "as much as", "close to", "under",
    "just over", "just under", "well over", "above", "below",
)
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "dozen": 12,
}
MULTIPLIERS = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "m": 1e6, "bn": 1e9, "k": 1e3, "mn": 1e6, "tn": 1e12,
}
CURRENCIES = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "us$": "USD"}
# Letters written before "$" that say whose dollar it is ("NZ $ 26 million", "A$5").
DOLLAR_PREFIXES = {"US": "USD", "NZ": "NZD", "A": "AUD", "AU": "AUD", "C": "CAD", "CA": "CAD", "HK": "HKD",
                   "S": "SGD", "NT": "TWD", "R": "ZAR"}
# Currencies written as words ("422,000 euros").
CURRENCY_NOUNS = {"euro": "EUR", "dollar": "USD", "pound": "GBP", "yen": "JPY", "yuan": "CNY", "rupee": "INR",
                  "franc": "CHF", "ruble": "RUB", "rouble": "RUB", "peso": "MXN"}

# Nouns naming organisations: "groups like X", "the group X" make X an organisation.
ORG_NOUNS = frozenset("""
group organization organisation party militia company firm faction movement network agency union
alliance coalition council committee institute association federation ministry department
""".split())
# Last words that make a name an organisation even when the model tags a person ("Valdorian
# Bishops' Conference"): rare as surnames.
BODY_HEAD_NOUNS = frozenset("""
conference council committee institute association federation university foundation commission ministry
department agency corporation
""".split())
# Head nouns of bodies whose names go on after "for", "on" or "of" ("Council on Foreign Relations").
NAMED_BODY_HEADS = frozenset("""
council committee centre center institute foundation association society commission coalition alliance
campaign league fund federation union board office agency organisation organization network
""".split())
# Military and similar bodies written after a name: "X Special Forces forces" stays one actor.
ORG_EXTENSION_NOUNS = frozenset("forces troops militia militias brigade brigades".split())
# Last words that make an organisation-looking name a place (buildings and sites). Not "embassy":
# a diplomatic mission acts and speaks ("the embassy said"), as INSTITUTION_NOUNS has it.
FACILITY_NOUNS = frozenset("""
hotel airport stadium bridge square palace mosque church cathedral tower camp harbour harbor
station plaza park prison
""".split())
# Groups of speakers written as plural nouns: "news media outlets reported".
MEDIA_NOUNS = frozenset("outlets media newspapers broadcasters reports agencies".split())

# Head nouns of a role title: "Agriculture Secretary", "spokesman for the army", "a senior fellow at X".
ROLE_HEADS = frozenset("""
president vice-president premier minister secretary undersecretary under-secretary chancellor governor mayor
senator congressman congresswoman representative lawmaker mp councillor councilor legislator delegate
ambassador envoy consul diplomat attache spokesman spokeswoman spokesperson press-secretary
director chairman chairwoman chair chief ceo cfo coo cto executive head leader manager president founder
co-founder cofounder creator owner partner principal dean provost rector administrator commissioner
commander general admiral colonel captain major lieutenant sergeant officer official adviser advisor
counselor counsellor aide deputy assistant coordinator strategist speechwriter nominee candidate
attorney lawyer prosecutor barrister solicitor judge justice counsel editor publisher correspondent
reporter columnist writer author analyst expert fellow researcher scientist economist professor lecturer
campaigner activist organizer organiser representative member trustee treasurer inspector detective
superintendent sheriff marshal chaplain bishop archbishop cardinal imam rabbi pastor spokesmodel veteran
medic operator
""".split())
# Titles of a body's own people, whose capitalised modifier is that body: "Acme co-founder Jane Doe".
ORG_TITLE_HEADS = frozenset("""
founder co-founder cofounder creator ceo cfo coo cto spokesman spokeswoman spokesperson chairman chairwoman
president director owner publisher editor executive
""".split())
# Words of a title that name no body, however the model tags them: "Emeritus Professor".
TITLE_MODIFIERS = frozenset("""
emeritus acting interim associate honorary visiting distinguished adjunct managing senior junior principal
founding outgoing incoming
""".split())
# Verbs whose "as" phrase is the subject's office: "served as envoy", "resigned as minister".
OFFICE_VERBS = frozenset("serve resign retire step remain work act stay continue".split())
# Of those, the ones that end the office: its role is a former one.
LEAVING_VERBS = frozenset("resign retire step".split())
# Titles of a person's staff, held in the office of the person they serve: "his economic adviser",
# "Doe's press aide", "her deputy" (a lawyer or doctor serves no office).
STAFF_HEADS = frozenset("""
adviser advisor aide deputy assistant strategist spokesman spokeswoman spokesperson speechwriter counselor
counsellor
""".split())
# Nouns of a time in office: "her tenure as foreign minister", "Doe's years as mayor".
TENURE_NOUNS = frozenset("tenure term time stint experience years days career record".split())
# Military ranks: a capitalised word right before one is the service ("Navy Cmdr. Jane Doe").
MILITARY_RANKS = frozenset("general lieutenant colonel captain major sergeant admiral commander corporal".split())
# Abbreviated civil titles before a name ("Sen. Jane Doe", "Gov. Jane Doe"), written out in the role.
TITLE_ABBREVIATIONS = {"sen": "senator", "rep": "representative", "gov": "governor", "pres": "president",
                       "amb": "ambassador", "atty": "attorney", "supt": "superintendent", "gen": "general",
                       "lt": "lieutenant", "col": "colonel", "capt": "captain", "maj": "major", "sgt": "sergeant",
                       "adm": "admiral", "cmdr": "commander", "cpl": "corporal"}
# Titles written with the body that sends the holder, not the one it is sent to: "X's ambassador to Y".
SENDING_HEADS = frozenset("ambassador envoy consul diplomat attache representative delegate emissary".split())
# Titles of national office that news writes bare for its own country: "President Jane Doe", "Sen.
# Jane Doe", "Prime Minister Jane Doe" (a minister is "prime" only with that word before it).
NATIONAL_OFFICE_HEADS = frozenset("president vice-president premier senator congressman congresswoman".split())
# Words that say the role is no longer held: "former", "ex-", "then-", "retired".
FORMER_WORDS = frozenset("former ex then retired onetime one-time erstwhile previous past".split())
# Portfolios of cabinet titles: "Agriculture Secretary", "Secretary of State", "Minister of Education".
PORTFOLIOS = frozenset("""
agriculture education energy defense defence treasury commerce labor labour interior justice health
transportation transport housing state homeland veterans environment foreign finance trade industry
culture economy immigration development war navy communications tourism fisheries home
""".split())
# Bodies a government names its work by: "the Valdorian Authority", "the Ruritanian government".
GOVERNMENT_NOUNS = frozenset("government authority administration cabinet regime ministry junta".split())
# Nationality adjectives whose country's name is not the adjective's stem (the regular ones,
# "Syrian" / "Syria", are matched against the places the article names).
IRREGULAR_DEMONYMS = {
    "american": "United States", "u.s.": "United States", "us": "United States", "british": "United Kingdom",
    "uk": "United Kingdom", "english": "England", "french": "France", "dutch": "Netherlands",
    "swiss": "Switzerland", "greek": "Greece", "turkish": "Turkey", "spanish": "Spain", "danish": "Denmark",
    "swedish": "Sweden", "polish": "Poland", "finnish": "Finland", "irish": "Ireland", "welsh": "Wales",
    "scottish": "Scotland", "filipino": "Philippines", "thai": "Thailand", "chinese": "China",
    "japanese": "Japan", "vietnamese": "Vietnam", "lebanese": "Lebanon", "sudanese": "Sudan",
    "portuguese": "Portugal", "kiwi": "New Zealand", "emirati": "United Arab Emirates", "peruvian": "Peru",
    "norwegian": "Norway", "belgian": "Belgium", "hungarian": "Hungary", "icelandic": "Iceland",
}
# Postal-style abbreviations of US states in news copy ("Sen. Jane Doe (Tex.)", "Fresno, Calif.").
STATE_ABBREVIATIONS = {
    "ala.": "Alabama", "ariz.": "Arizona", "ark.": "Arkansas", "calif.": "California", "colo.": "Colorado",
    "conn.": "Connecticut", "del.": "Delaware", "fla.": "Florida", "ga.": "Georgia", "ill.": "Illinois",
    "ind.": "Indiana", "kan.": "Kansas", "kans.": "Kansas", "ky.": "Kentucky", "la.": "Louisiana",
    "md.": "Maryland", "mass.": "Massachusetts", "mich.": "Michigan", "minn.": "Minnesota",
    "miss.": "Mississippi", "mo.": "Missouri", "mont.": "Montana", "neb.": "Nebraska", "nev.": "Nevada",
    "n.h.": "New Hampshire", "n.j.": "New Jersey", "n.m.": "New Mexico", "n.y.": "New York",
    "n.c.": "North Carolina", "n.d.": "North Dakota", "okla.": "Oklahoma", "ore.": "Oregon",
    "pa.": "Pennsylvania", "r.i.": "Rhode Island", "s.c.": "South Carolina", "s.d.": "South Dakota",
    "tenn.": "Tennessee", "tex.": "Texas", "vt.": "Vermont", "va.": "Virginia", "wash.": "Washington",
    "w.va.": "West Virginia", "wis.": "Wisconsin", "wyo.": "Wyoming",
}
# Words that make up generic names of bodies and places ("the Treasury", "Central Bank", "the
# North"): a name made only of these (and of the group nouns above) names a different body in
# every country, so it does not identify an actor across articles by itself.
GENERIC_NAME_WORDS = frozenset("""
bank treasury police parliament senate assembly cabinet opposition budget government court supreme high
central national federal state states royal army navy force forces air republic kingdom union
north south east west northern southern eastern western city county market markets
of and the for in on at to
""".split())
