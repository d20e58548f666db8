"""Word lists for synthetic demo data.

Companies, forces and bodies are invented on purpose: demo screenshots must never show a real
company or public body taking a position it never took. Wording stays factual and non-graphic.
"""

from __future__ import annotations

BRANDS = (
    "Brightwave", "Kestrel", "Lumen", "Pixelhaven", "Tidal", "Ember", "Nimbus", "Quill",
    "Harbour", "Fable", "Orbit", "Sparrow", "Beacon", "Mosaic", "Vantage", "Juniper", "Cobalt",
    "Willow", "Marlin", "Saffron", "Granite", "Hollow", "Aurora", "Puffin",
)  # fmt: skip
PRODUCTS = (
    "Chat", "Social", "Play", "Stream", "Messenger", "Video", "Worlds", "Forums", "Clips",
    "Live", "Snaps", "Circles", "Arcade", "Search",
)  # fmt: skip
GROUP_SUFFIXES = ("Group", "Holdings", "Technologies", "Inc.", "plc")

REGULATORS = (
    "Office for Digital Safety", "Information Rights Office", "Advertising Standards Panel",
    "Age Assurance Standards Board", "Video-Sharing Oversight Unit", "Gambling Oversight Board",
)  # fmt: skip
GOVERNMENT = (
    "Department for Digital Affairs", "Home Department", "Department for Schools",
    "Ministry of Justice Policy Unit", "Cabinet Office Online Harms Team",
    "Department for Health and Social Care",
)  # fmt: skip
PARLIAMENT = (
    "Commons Science and Technology Committee", "Lords Communications Committee",
    "Joint Committee on Online Safety", "Commons Education Committee",
    "All-Party Parliamentary Group on Children's Online Safety",
    "Welsh Senedd Children's Committee",
)  # fmt: skip
CHARITIES = (
    "Safer Childhoods Trust", "Young People Online", "Parents' Digital Network",
    "Internet Safety Foundation", "Childhood Resilience Alliance", "Schools Safeguarding Forum",
)  # fmt: skip
PLACES = (
    "Northmoor", "Severnside", "Eastwold", "Ashdale", "Westmere", "Highvale", "Cresthaven",
    "Fenmarsh", "Riverholm", "Stonebridge", "Kingsford", "Glenmoray", "Oakshire", "Brackenfield",
)  # fmt: skip
POLICE_SUFFIXES = ("Police", "Constabulary")

GEOGRAPHIES = (
    "England and Wales", "United Kingdom", "England", "Scotland", "Wales", "Northern Ireland",
)  # fmt: skip

HARMS = (
    "online grooming", "sexual communication with a child", "sextortion", "image-based abuse",
    "cyberbullying", "contact from unknown adults", "exposure to self-harm content",
    "exposure to pornography", "AI-generated abuse imagery", "online fraud targeting teenagers",
    "pro-eating-disorder content", "hateful content",
)  # fmt: skip
FEATURES = (
    "direct messaging", "livestreaming", "end-to-end encrypted messaging", "friend suggestions",
    "disappearing messages", "public profiles", "location sharing", "group chats",
    "in-game voice chat", "recommendation feeds",
)  # fmt: skip
OFFENCES = (
    "sexual communication with a child", "online grooming", "sextortion", "image-based abuse",
    "online fraud targeting teenagers", "malicious communications involving a child",
)  # fmt: skip
GROUPS = (
    "children aged 11 to 16", "girls aged 13 to 17", "boys aged 13 to 17", "children aged 8 to 12",
    "young people aged 16 to 18", "children with special educational needs",
)  # fmt: skip
EXPERIENCES = (
    "were contacted by an adult they did not know", "saw harmful content they had not searched for",
    "said reporting tools did not work", "had a fake age accepted at sign-up",
    "were added to a group chat by a stranger", "did not tell anyone what had happened",
    "said the platform took no action after a report",
)  # fmt: skip
SERVICES = ("Childline", "a school safeguarding lead", "children's social care", "CAMHS")

COMPANY_ACTIONS = (
    "switch off friend suggestions for under-18s by default",
    "make direct messages from unknown adults opt-in for children",
    "introduce highly effective age assurance on {product}",
    "publish its grooming risk assessment in full",
    "stop recommending self-harm content to teenagers",
    "detect known abuse imagery in {feature}",
    "give children one-tap reporting that gets a human review within 24 hours",
    "disable location sharing for child accounts",
)  # fmt: skip
REGULATOR_ACTIONS = (
    "name grooming as a priority harm in the illegal harms codes",
    "require risk assessments to cover {feature}",
    "set a compliance deadline for age assurance on high-risk services",
    "publish enforcement action against services that miss deadlines",
    "consult on measures for {harm}",
)  # fmt: skip
PARLIAMENT_ACTIONS = (
    "hold an inquiry into {harm}",
    "question the regulator on enforcement timelines",
    "press for the children's codes to cover {feature}",
)  # fmt: skip
GOVERNMENT_ACTIONS = (
    "commence the children's safety duties without further delay",
    "bring forward a statutory super-complaints regime",
    "fund specialist support for children affected by {harm}",
    "legislate for senior manager liability",
    "publish a timetable for the categorisation register",
)  # fmt: skip

# Lowercase slugs, like the seed campaign's tags, so a demo batch shares its themes.
TAGS = (
    "age-assurance", "encryption", "grooming", "illegal-harms-codes", "childrens-codes",
    "transparency", "enforcement", "app-stores", "livestreaming", "gaming",
    "ai-generated-imagery", "sextortion", "risk-assessment", "super-complaints",
    "senior-manager-liability", "reporting-tools", "online-safety-act", "safety-by-design",
    "private-messaging", "detection-technology",
)  # fmt: skip

DOCUMENTS = (
    "illegal harms codes of practice", "protection of children codes", "age assurance guidance",
    "transparency reporting guidance", "categorisation register", "children's access assessments",
    "statement on fees and penalties", "guidance on content harmful to children",
)  # fmt: skip
CONSULTATION_TOPICS = (
    "additional safety measures", "age assurance for app stores", "livestreaming protections",
    "hash-matching for abuse imagery", "super-complaints procedure", "researcher data access",
)  # fmt: skip

FIRST_NAMES = (
    "Amira", "Ben", "Chloe", "Dev", "Eleanor", "Femi", "Grace", "Harjit", "Isla", "Jonah",
    "Kemi", "Liam", "Maya", "Niall", "Olivia", "Priya", "Rhys", "Sofia", "Tom", "Zara",
)  # fmt: skip
LAST_NAMES = (
    "Ahmed", "Brennan", "Clarke", "Davies", "Evans", "Fraser", "Gill", "Hughes", "Iqbal",
    "Jones", "Khan", "Lewis", "Morgan", "Nwosu", "Owen", "Patel", "Quinn", "Roberts", "Singh",
    "Taylor",
)  # fmt: skip

ATTRIBUTIONS = (
    "Parent, {place}", "Young person, aged {age}", "Childline counsellor",
    "Designated safeguarding lead, secondary school", "Police officer, {place}",
    "Youth worker, {place}",
)  # fmt: skip
OUTLETS = ("The Daily Ledger", "Northern Courier", "Evening Standard-Bearer", "Tech Weekly")
RECORDED_CAVEATS = (
    "Not all forces responded, so the true figure is likely higher.",
    "Recording practices changed during the period; compare years with care.",
    "Counts offences where an online element was flagged; flagging is inconsistent.",
    "Provisional figures, subject to revision.",
    "Platform-reported figures, not independently verified.",
)  # fmt: skip
COUNSELLING_CAVEATS = (
    "Counts sessions where the topic was recorded; many children never disclose.",
    "Provisional figures, subject to revision.",
)  # fmt: skip
SURVEY_CAVEATS = (
    "Self-reported survey data; figures are weighted to the population.",
    "Small base for some groups; treat subgroup differences with caution.",
    "Fieldwork took place online, so children without internet access are not represented.",
)  # fmt: skip
REGIONS = ("Scotland", "Wales", "Northern Ireland", "North West", "Midlands", "South West")
METHODS = (
    "Freedom of Information requests to every police force.",
    "Online survey of a nationally representative sample, weighted by age and region.",
    "Analysis of counselling session records, anonymised.",
    "Desk review of published transparency reports.",
    "Interviews with practitioners and young people.",
)  # fmt: skip
