// The word lists described in name_lists.hpp, with their sources.
#include "text/name_lists.hpp"

namespace gapfinder::text {

namespace {

constexpr std::string_view kForenames[] = {
    // Women's and girls' names
    "abigail", "ada", "adaeze", "agnes", "aisha", "alexandra", "alice", "alison", "amanda", "amber", "amelia", "amy",
    "andrea", "angela", "ann", "anna", "anne", "annie", "anya", "ava", "barbara", "beatrice", "bella", "beryl",
    "beth", "bethany", "betty", "beverley", "brenda", "bridget", "caitlin", "carol", "caroline", "catherine",
    "charlotte", "chelsea", "chloe", "christine", "claire", "clare", "daisy", "danielle", "dawn", "deborah", "debbie",
    "denise", "diane", "doreen", "doris", "dorothy", "edith", "eileen", "elaine", "eleanor", "elizabeth", "ella",
    "ellie", "eloise", "elsie", "emily", "emma", "erin", "esther", "evelyn", "evie", "fatima", "fiona", "florence",
    "frances", "freya", "gail", "gemma", "georgia", "gillian", "gladys", "gloria", "gwen", "hannah", "harriet",
    "hazel", "heather", "helen", "hilda", "holly", "imogen", "irene", "isabel", "isabella", "isla", "ivy", "jacqueline",
    "jade", "jane", "janet", "janice", "jasmine", "jean", "jennifer", "jenny", "jessica", "jill", "joan", "joanne",
    "josephine", "joyce", "judith", "julie", "karen", "kate", "katherine", "kathleen", "katie", "kayleigh", "keira",
    "kelly", "kerry", "kirsty", "laura", "lauren", "layla", "leah", "lesley", "lilly", "lily", "linda", "lisa",
    "lorraine", "louise", "lucy", "lydia", "lynn", "maisie", "margaret", "maria", "marie", "marion", "marjorie",
    "martha", "mary", "maureen", "megan", "melanie", "michelle", "mia", "mildred", "millie", "molly", "muriel",
    "nadia", "naomi", "natalie", "nicola", "nicole", "norma", "olivia", "pamela", "patricia", "paula", "pauline",
    "phoebe", "phyllis", "poppy", "priya", "rachel", "rebecca", "rita", "rosemary", "rosie", "ruby", "sadie",
    "samantha", "sandra", "sarah", "scarlett", "sharon", "sheila", "shirley", "siobhan", "sophia", "sophie", "stacey",
    "stephanie", "susan", "suzanne", "sylvia", "tracey", "tracy", "valerie", "vanessa", "victoria", "violet",
    "wendy", "yvonne", "zara", "zoe", "zoë", "zainab", "maryam", "amina", "ayesha", "nusrat", "shabana", "parveen",
    "sunita", "anita", "kiran", "harpreet", "gurpreet", "manjit", "agnieszka", "katarzyna", "magdalena", "joanna",
    "chidinma", "ngozi", "abimbola", "grace", "hope", "joy", "rose", "may", "june", "april", "faith",
    // Men's and boys' names
    "aaron", "adam", "adrian", "ahmed", "alan", "albert", "alex", "alexander", "alfie", "alfred", "ali", "alistair",
    "andrew", "andy", "anthony", "archie", "arthur", "barry", "ben", "benjamin", "bernard", "bill", "billy", "bob",
    "bradley", "brian", "callum", "cameron", "carl", "charles", "charlie", "chris", "christopher", "clive", "colin",
    "connor", "craig", "dale", "daniel", "danny", "darren", "david", "dean", "dennis", "derek", "dominic", "donald",
    "douglas", "dylan", "edward", "elliot", "eric", "ethan", "frank", "fred", "freddie", "gareth", "gary", "gavin",
    "geoffrey", "george", "gordon", "graham", "harrison", "harry", "harvey", "henry", "howard", "hugh", "ian",
    "isaac", "jack", "jacob", "jake", "james", "jamie", "jason", "jeffrey", "jeremy", "jim", "jimmy", "joe", "joel",
    "john", "jonathan", "jordan", "joseph", "joshua", "keith", "kenneth", "kevin", "kieran", "kyle", "lee", "leo",
    "leon", "leonard", "lewis", "liam", "logan", "louis", "luke", "malcolm", "mark", "martin", "mason", "matthew",
    "max", "michael", "mike", "mohammed", "mohammad", "muhammad", "nathan", "neil", "nicholas", "nigel", "noah",
    "oliver", "ollie", "oscar", "owen", "patrick", "paul", "peter", "philip", "phillip", "ralph", "raymond", "reece",
    "richard", "robert", "rodney", "roger", "ronald", "ross", "roy", "russell", "ryan", "sam", "samuel", "scott",
    "sean", "simon", "spencer", "stanley", "stephen", "steve", "steven", "stuart", "terence", "terry", "theo",
    "thomas", "timothy", "tom", "tony", "trevor", "tyler", "victor", "vincent", "walter", "wayne", "william",
    "will", "zachary", "raj", "rajesh", "sanjay", "sunil", "arjun", "imran", "tariq", "bilal", "hassan", "hussain",
    "omar", "yusuf", "kwame", "kofi", "tunde", "chinedu", "emeka", "piotr", "tomasz", "krzysztof", "marek", "pawel",
    "jan", "andrzej", "darius", "winston", "delroy", "leroy", "errol", "marcus", "jermaine", "dwayne",
    // Short forms people are called by
    "dave", "davey", "jo", "sue", "liz", "lizzie", "pat", "kath", "kathy", "jen", "becky", "bex", "nick",
    "rob", "rich", "jon", "matt", "pete", "phil", "tim", "ted", "nat", "al", "ken", "les", "reg", "ray", "stu",
    "geoff", "mo", "jas", "sanj", "jess", "kim", "sally", "sal", "maggie", "peggy", "meg", "nell", "nellie", "babs",
    "bev", "steph", "vicky", "vic", "gaz", "baz", "dan", "fran", "frankie", "gerry", "jackie",
    "jez", "jules", "kev", "mick", "mickey", "nikki", "rach", "ron", "ronnie", "sid", "tommy", "vince",
};

constexpr std::string_view kSurnames[] = {
    "smith", "jones", "williams", "taylor", "brown", "davies", "evans", "wilson", "thomas", "johnson", "roberts",
    "robinson", "thompson", "wright", "walker", "white", "edwards", "hughes", "green", "hall", "lewis", "harris",
    "clarke", "clark", "patel", "jackson", "wood", "turner", "martin", "cooper", "hill", "ward", "morris", "moore",
    "lee", "king", "baker", "harrison", "morgan", "allen", "james", "scott", "phillips", "watson", "davis",
    "parker", "price", "bennett", "young", "griffiths", "mitchell", "kelly", "cook", "carter", "richardson", "bailey",
    "collins", "bell", "shaw", "murphy", "miller", "cox", "richards", "khan", "marshall", "anderson", "simpson",
    "ellis", "adams", "singh", "begum", "wilkinson", "foster", "chapman", "powell", "webb", "rogers", "gray", "grey",
    "mason", "ali", "hunt", "hussain", "campbell", "matthews", "owen", "palmer", "holmes", "mills", "barnes",
    "knight", "lloyd", "butler", "russell", "barker", "fisher", "stevens", "jenkins", "murray", "dixon", "harvey",
    "graham", "pearson", "ahmed", "fletcher", "walsh", "kaur", "gibson", "howard", "andrews", "stewart", "elliott",
    "reynolds", "saunders", "payne", "fox", "ford", "pearce", "day", "brooks", "west", "lawrence", "cole",
    "atkinson", "bradley", "spencer", "gill", "dawson", "ball", "burton", "o'brien", "watts", "rose", "booth",
    "perry", "ryan", "grant", "wells", "armstrong", "francis", "rees", "hayes", "hart", "hudson", "newman",
    "barrett", "webster", "hunter", "gregory", "carr", "lowe", "page", "marsh", "riley", "dunn", "woods", "parsons",
    "berry", "stone", "reid", "holland", "hawkins", "harding", "porter", "robertson", "newton", "oliver", "reed",
    "kennedy", "williamson", "bird", "gardner", "shah", "dean", "lane", "cooke", "bates", "henderson", "parry",
    "burgess", "bishop", "walton", "burns", "nicholson", "shepherd", "ross", "cross", "long", "freeman", "warren",
    "nicholls", "hamilton", "byrne", "sutton", "mcdonald", "yates", "hodgson", "robson", "curtis", "hopkins",
    "o'connor", "harper", "coleman", "watkins", "moss", "mccarthy", "chambers", "o'neill", "griffin", "sharp",
    "hardy", "wheeler", "potter", "osborne", "johnston", "gordon", "doyle", "wallace", "george", "jordan",
    "hutchinson", "rowe", "burke", "may", "pritchard", "gilbert", "willis", "higgins", "read", "miles", "stevenson",
    "stephenson", "hammond", "arnold", "buckley", "walters", "hewitt", "barber", "nelson", "slater", "austin",
    "sullivan", "whitehead", "mann", "frost", "lambert", "stephens", "blake", "akhtar", "lynch", "goodwin",
    "barton", "woodward", "thomson", "cunningham", "quinn", "barnett", "baxter", "bibi", "clayton", "nash",
    "greenwood", "jennings", "holt", "kemp", "poole", "gallagher", "bond", "stokes", "tucker", "davidson", "fowler",
    "heath", "norman", "middleton", "lawson", "banks", "french", "stanley", "jarvis", "gibbs", "ferguson", "hayward",
    "carroll", "douglas", "dickinson", "todd", "barlow", "peters", "lucas", "knowles", "hartley", "miah", "simmons",
    "morton", "alexander", "field", "morrison", "norris", "townsend", "preston", "hancock", "thornton", "baldwin",
    "burrows", "briggs", "storey", "pickering", "hargreaves", "sharma", "kumar", "chowdhury", "rahman", "islam",
    "uddin", "mahmood", "iqbal", "hussein", "mistry", "chauhan", "kowalski", "nowak", "wisniewski", "okafor",
    "adeyemi", "mensah", "okonkwo", "mcintosh", "bartlett", "atkins", "hale",
};

constexpr std::string_view kTitles[] = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "cllr", "councillor", "prof", "professor",
    "sir", "dame", "lady", "lord", "rev", "revd", "reverend", "father", "sister", "nurse",
};

constexpr std::string_view kNonPersonalProperNouns[] = {
    // Calendar
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december", "christmas", "easter",
    "ramadan", "eid", "diwali", "hanukkah", "vaisakhi", "passover", "halloween",
    // Nations, regions, counties
    "uk", "britain", "england", "scotland", "wales", "ireland", "london", "midlands", "yorkshire", "lancashire",
    "leicestershire", "nottinghamshire", "derbyshire", "lincolnshire", "northamptonshire", "warwickshire",
    "staffordshire", "shropshire", "cheshire", "cumbria", "durham", "northumberland", "kent", "essex", "surrey",
    "sussex", "hampshire", "dorset", "devon", "cornwall", "somerset", "wiltshire", "gloucestershire", "oxfordshire",
    "berkshire", "buckinghamshire", "hertfordshire", "bedfordshire", "cambridgeshire", "norfolk", "suffolk",
    "worcestershire", "herefordshire", "rutland", "merseyside",
    // Cities and larger towns
    "leicester", "loughborough", "hinckley", "nottingham", "derby", "birmingham", "coventry", "wolverhampton",
    "manchester", "liverpool", "leeds", "sheffield", "bradford", "hull", "york", "newcastle", "sunderland",
    "middlesbrough", "bristol", "bath", "exeter", "plymouth", "southampton", "portsmouth", "brighton", "oxford",
    "cambridge", "norwich", "ipswich", "peterborough", "northampton", "milton", "keynes", "luton", "reading",
    "swindon", "gloucester", "cheltenham", "worcester", "hereford", "stoke", "lincoln", "preston", "blackpool",
    "bolton", "wigan", "stockport", "salford", "oldham", "rochdale", "huddersfield", "wakefield", "doncaster",
    "rotherham", "barnsley", "harrogate", "carlisle", "lancaster", "chester", "cardiff", "swansea", "newport",
    "edinburgh", "glasgow", "aberdeen", "dundee", "belfast", "croydon", "harrow", "brent", "ealing", "hackney",
    "lambeth", "southwark", "camden", "islington", "westminster", "tower", "hamlets", "newham", "lewisham",
    "greenwich", "bromley", "barnet", "enfield", "haringey", "hounslow", "redbridge", "havering", "hillingdon",
    "merton", "sutton", "kingston", "richmond", "wandsworth", "bexley",
    // Nationalities, ethnic groups, religions, languages
    "british", "english", "scottish", "welsh", "irish", "european", "asian", "african", "caribbean", "indian",
    "pakistani", "bangladeshi", "chinese", "polish", "romanian", "somali", "arab", "arabic", "gypsy", "roma",
    "traveller", "travellers", "muslim", "muslims", "christian", "christians", "hindu", "hindus", "sikh", "sikhs",
    "jewish", "jew", "jews", "buddhist", "islam", "christianity", "catholic", "anglican", "methodist", "urdu",
    "punjabi", "gujarati", "bengali", "tamil", "portuguese", "lgbt", "lgbtq", "lgbtq+", "bame", "bme",
    // Bodies, services and shops
    "nhs", "gp", "gps", "bbc", "dwp", "dvla", "ons", "ofsted", "hmrc", "covid", "brexit", "internet", "wifi",
    "google", "facebook", "twitter", "whatsapp", "zoom", "tesco", "asda", "aldi", "lidl", "morrisons", "sainsbury's",
    "sainsburys", "waitrose", "boots", "stagecoach", "arriva", "council", "councils",
};

}  // namespace

std::span<const std::string_view> uk_forenames() { return kForenames; }
std::span<const std::string_view> uk_surnames() { return kSurnames; }
std::span<const std::string_view> name_titles() { return kTitles; }
std::span<const std::string_view> non_personal_proper_nouns() { return kNonPersonalProperNouns; }

}  // namespace gapfinder::text
