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
# Cues that take the content as a clause ("said that ...") rather than only as a quotation.
CLAUSE_VERBS = REPORTING_VERBS - {"ask", "call", "describe", "post", "tweet", "continue", "order"}
# "X called on Y to ...", "X pointed to ..." are attributions without a that-clause; kept out of
# claims because their content is an action, not a statement (an annotator's "required: false").

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

# Nouns naming organisations: "groups like X", "the group X" make X an organisation.
ORG_NOUNS = frozenset("""
group organization organisation party militia company firm faction movement network agency union
alliance coalition council committee institute association federation ministry department
""".split())
# Military and similar bodies written after a name: "X Special Forces forces" stays one actor.
ORG_EXTENSION_NOUNS = frozenset("forces troops militia militias brigade brigades".split())
# Last words that make an organisation-looking name a place (buildings and sites).
FACILITY_NOUNS = frozenset("""
hotel airport stadium bridge square palace mosque church cathedral tower embassy camp harbour harbor
station plaza park prison
""".split())
# Groups of speakers written as plural nouns: "news media outlets reported".
MEDIA_NOUNS = frozenset("outlets media newspapers broadcasters reports agencies".split())
