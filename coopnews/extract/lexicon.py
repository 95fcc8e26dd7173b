"""Extract, lexicon: the word lists the extraction rules read (data only, no logic).

General knowledge of the genre and of English, Chinese names and places: role words, honorifics, common
family names, provinces and large cities, headline verbs, words that make no organisation distinctive.
Kept apart so the rules read in one sitting and the lists can grow without touching them.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- page layout and sentences
#: Tokens that end with a period without ending a sentence (also used by the sentence splitter).
ABBREVIATIONS = _words(
    "mr mrs ms dr prof st jr sr co ltd inc corp no dept univ gov govt vs etc e.g i.e approx est jan feb mar apr jun"
    " jul aug sep sept oct nov dec mt ft"
)

#: Words a date or byline line may hold besides the date and a name.
META_WORDS = _words(
    "release released time date publish published posted on by upload uploaded update updated source author editor"
    " editors reporter writer write written photo photos photographer clicks click views view hits visits visit"
    " times read reads from am pm mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday"
    " friday saturday sunday translated translator edited edit reviewed reviewer proofread proofreader compiled"
    " reported photographed publisher correspondent contributor text"
)

#: Words a line holding only a date may have besides it: "Sun, Jul 25 2021 16:45 times".
DATE_FILLER_WORDS = _words(
    "am pm mon tue tues wed thu thur thurs fri sat sun monday tuesday wednesday thursday friday saturday sunday"
    " times views clicks hits reads"
)

#: Words of section labels and menus ("News Center", "News & Events", "Photo news").
SECTION_WORDS = _words(
    "home homepage news center centre events event photo photos picture pictures latest campus english and media"
    " press release releases notice notices announcements announcement updates headlines headline content contents"
    " stories story focus features feature highlights top more video videos report reports column columns"
    " channel index list archive archives of the"
)

# -- organisations
ACADEMIC_KEYWORDS = _words("University Universität Université Universidad Università College Polytechnic")

#: Words of a company's name that say it is a company: "Group", "Co., Ltd." (lowercase).
COMPANY_WORDS = _words("co co. co., ltd ltd. limited inc inc. corp corp. company corporation group gmbh ag llc plc")

#: Keywords of bodies that stand on their own even when named after another one (a subsidiary, a hospital).
SEPARATE_BODY_KEYWORDS = _words(
    "Hospital Bank Bureau Corporation Company Group Co Co. Ltd Ltd. Limited Inc Inc. Corp Corp. GmbH AG SE LLC PLC"
)

#: Capitalised words that start a sentence or a headline rather than a name: cut a name after them.
BREAK_WORDS = _words(
    """
    the a an this that these those with for and of to in on at by from between among both during before after
    as under into via about over through its their our his her recently meanwhile later finally firstly secondly
    thirdly also then dear mr mrs ms dr prof president secretary director chairman chairwoman dean manager
    chancellor minister mayor governor professor academician leaders delegation delegations representatives
    sign signs signed signing visit visits visited holds hold held meet meets met launch launches launched host
    hosts hosted attend attends attended join joins joined welcome welcomes welcomed receive receives received
    lead leads led enter enters entered negotiate negotiates negotiated discuss discusses discussed establish
    establishes established build builds built win wins won award awards awarded tour tours toured ink inks inked
    renew renews renewed deepen deepens deepened strengthen strengthens strengthened explore explores explored
    promote promotes promoted celebrate celebrates celebrated unveil unveils unveiled is are was were has have had
    will went goes go came comes come sets start starts started cooperate cooperates cooperated collaborate
    collaborates collaborated expand expands expanded deliver delivers delivered donate donates donated help
    helps helped jointly"""
)

#: Words that alone do not make a name distinctive: "Party Group", "Research Institute", "Alumni Association".
GENERIC_WORDS = _words(
    """
    party working leading expert experts research project study work team student students youth alumni
    teaching management steering advisory academic review editorial organizing organising preparatory special
    joint innovation standing general development technology science sciences technical training education
    industry industrial the this our relevant local provincial municipal national state new high-tech deputy vice
    executive chief assistant former acting honorary strategic cooperation comprehensive overall framework
    collaborative"""
)

#: All-caps words that are not organisations (or not counterparts: the ruling party appears in officials' titles).
NOT_ORG_ACRONYMS = _words(
    """
    AI AR VR XR MR IT ICT IP IOT IoT HR PR R&D RD PhD MBA MA MS MSC BA BSC MEng CEO CFO CTO COO CIO GDP USA US UK
    EU PRC CPC CCP NPC CPPCC COVID SARS ID OK TV PC EV EVs NEV APP PPT PDF AM PM GPS LED IC CAD CAE CNC STEM ESG KPI
    DNA RNA CO2 NO QR VIP FAQ GPA CV ASAP AD BC UAV AGV ICU ABC FYI"""
)

#: Words that start a degree's name ("Master of Business Administration (MBA)"): a programme, not an organisation.
DEGREE_WORDS = _words("bachelor bachelor's bachelors master master's masters doctor doctoral doctorate phd associate")

#: Technical abbreviations that name a thing, not an organisation, unless the text treats them as one.
TECHNICAL_ACRONYMS = _words(
    """
    MRI CT PET GPU CPU NPU TPU NLP ML LLM LNG UHV SCI SSCI EI API SDK ERP BIM GIS RFID LIDAR LiDAR ADAS OTA SUV
    ECU BMS PV HVDC CCUS EDA FPGA SOC SoC MEMS CMOS LCD OLED DC AC HPC CFD FEA NDT PLC IGBT SiC GaN UAVs AGVs
    IOT IIOT IIoT BEV PHEV HEV FCEV LED LEDs ICT OCR ASR TTS"""
)

# -- people
HONORIFICS = _words("mr mrs ms mx dr prof professor academician sir madam")

CORE_ROLES = _words(
    """
    president presidents vice-president vice-presidents chancellor chancellors vice-chancellor secretary
    secretaries director directors chairman chairmen chairwoman chairperson chair dean deans vice-dean manager
    managers minister ministers mayor governor professor professors academician academicians engineer engineers
    head heads principal principals chief member members leader leaders founder officer officers assistant
    representative representatives researcher researchers teacher teachers lecturer expert experts ceo cto cfo
    commissioner counsellor counselor consul ambassador supervisor coordinator administrator premier provost rector
    provosts rectors"""
)
#: Hyphenated forms: "Vice-Principal", "Co-Director", "Deputy-Director".
CORE_ROLES = CORE_ROLES | frozenset(
    f"{prefix}-{role}" for prefix in ("vice", "deputy", "co") for role in CORE_ROLES if "-" not in role
)

ROLE_MODIFIERS = _words(
    """
    vice deputy executive general former assistant associate honorary acting senior first standing party state
    managing branch council department office permanent"""
)

PLURAL_ROLES = _words(
    """
    presidents vice-presidents chancellors secretaries directors chairmen deans managers ministers professors
    academicians engineers heads principals members leaders officers representatives researchers teachers experts"""
)

MONTHS_AND_DAYS = _words(
    """
    january february march april may june july august september october november december monday tuesday
    wednesday thursday friday saturday sunday"""
)

#: Words that cannot be part of a person's name: organisation, unit and place words, sentence openers.
NOT_NAME_WORDS = (
    HONORIFICS
    | CORE_ROLES
    | ROLE_MODIFIERS
    | MONTHS_AND_DAYS
    | _words(
        """
    office department school college committee center centre group bureau university universität institute
        institution company co ltd corporation region province city district county government park zone base hall
        building station lab laboratory affairs congress team delegation foundation association academy commission
        administration ministry council chamber federation society union alliance league national international
        provincial municipal autonomous people republic china chinese the this that these on in at by for from with
        and of to as after before during both among firstly secondly thirdly finally later meanwhile also then
        however moreover besides agreement cooperation forum conference ceremony plan program programme project
        workstation technology science engineering research development education innovation industry industrial
        management talent talents economic social new model east west north south central eastern western northern
        southern southeast southwest northeast northwest"""
    )
)

#: Nouns that describe a person: "Li Peng, a 2015 graduate of …", "Chief Accountant". Never part of a name.
PERSON_NOUNS = _words(
    """
    graduate graduates student students junior senior sophomore freshman alumnus alumna alumni postgraduate
    undergraduate doctoral candidate candidates winner winners native employee employees engineer engineers
    technician teacher professor researcher scientist expert manager member worker designer volunteer athlete
    champion veteran scholar lecturer intern trainee entrepreneur founder architect doctor physician nurse
    surgeon lawyer accountant officer analyst consultant specialist auditor economist treasurer inspector
    controller planner journalist editor author writer artist coach player pilot programmer developer official
    representative leader director president secretary dean head chairman chairwoman alumnae staff counsel
    fellow instructor tutor supervisor mentor principal"""
)

#: Words naming a unit of an organisation or a line of business, not a person: "Computing Product Line",
#: "Digital Industries", "Human Resources Department".
UNIT_WORDS = _words(
    """
    line lines division divisions unit units segment business businesses product products solution solutions
    service services system systems operation operations sales marketing branch branches headquarters
    subsidiary platform platforms industries digital resources affairs office offices department departments
    center centre section sector centers centres group groups team teams network networks lab labs laboratory
    laboratories workshop studio studios hub campus school schools faculty institute committee board bureau
    agency council base zone studies utilities companies facilities computing training printing publishing
    packaging testing accounting nursing"""
)

#: Words of industries in company names ("… Electric Power Co.", "… Automobile Group"): not brands, not names.
INDUSTRY_WORDS = _words(
    """
    automobile automobiles automotive auto motor motors vehicle vehicles electric electrical electronics
    electronic power energy steel iron construction engineering railway railways rail transit petroleum
    petrochemical chemical chemicals pharmaceutical pharmaceuticals materials material information
    communication communications telecom telecommunications bank banking insurance securities investment
    investments holding holdings heavy machinery equipment aviation aircraft aerospace shipbuilding mining coal
    oil gas nuclear grid software technologies technology tech intelligent smart new energy environmental water
    logistics trade trading textile food foods agriculture agricultural medical medicine health healthcare
    biotech biological semiconductor semiconductors optics optical photonics robotics manufacturing
    industrial industry development capital finance financial real estate property properties design
    consulting media culture education network cloud data digital international global"""
)

#: Common Chinese family names in pinyin, to accept a name in a plain list ("Shenghua Duan, Lili Jiang and …").
SURNAMES = _words(
    """
    wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng liang xie song tang
    han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai du ye cheng su wei lu lü ding ren shen yao cui
    zhong tan fan jin shi liao jia xia fu fang bai zou meng xiong qin qiu yin xue yan duan lei hou long tao gu mao
    hao gong shao wan qian dai mo kong xiang chang kang yi qiao qi fei ouyang gan guan lan ni xin zhai bo bi ge
    quan you ji jiao mu ning hong lou che rao zuo ke mei sheng ou zhan huo geng pang cen chu zhuang bian shan
    wen lai lyu niu tu hua ai an bao bian chai dang di diao du e fu geng hang hei heng jian jing ju kou kuang lao
    le leng lian ling miao min ming nie pei pu rong ruan sang sha shang shu si sui tai teng tong wei wu xi xing
    xuan yue zang zha zhen zhuo zong"""
)

# -- places
KNOWN_PLACES = _words(
    """
    Anhui Beijing Chongqing Fujian Gansu Guangdong Guangxi Guizhou Hainan Hebei Heilongjiang Henan Hubei
Hunan Jiangsu Jiangxi Jilin Liaoning Ningxia Qinghai Shaanxi Shandong Shanghai Shanxi Sichuan Tianjin Tibet Xinjiang
Yunnan Zhejiang Macau Macao Taiwan Wuhan Nanning Liuzhou Guilin Beihai Guangzhou Shenzhen Hangzhou Nanjing Suzhou Wuxi
Changzhou Zhenjiang Xi'an Chengdu Changsha Zhengzhou Jinan Qingdao Dalian Shenyang Harbin Changchun Hefei Fuzhou
Xiamen Nanchang Kunming Guiyang Lanzhou Xining Yinchuan Urumqi Lhasa Hohhot Shijiazhuang Taiyuan Haikou Sanya Ningbo
Wenzhou Foshan Dongguan Zhuhai Jinzhou Tangshan Baotou Yantai Weihai Xuzhou Yangzhou Nantong Shaoxing Jiaxing Huzhou
Jinhua Shiyan Xiangyang Yichang Luoyang Zibo Weifang Anshan Daqing Taipei Berlin Munich Hamburg Frankfurt Paris
London Tokyo Osaka Seoul Moscow Singapore Bangkok Vienna Rome Madrid Sydney Melbourne Toronto Vancouver Dubai"""
)

#: Countries a company's legal name may end with ("Siemens Ltd., China").
COUNTRIES = (
    "China",
    "Germany",
    "France",
    "Italy",
    "Spain",
    "Japan",
    "Korea",
    "Singapore",
    "Malaysia",
    "Thailand",
    "Vietnam",
    "Indonesia",
    "India",
    "Russia",
    "Australia",
    "Canada",
    "Brazil",
    "Hong Kong",
    "Macau",
    "Taiwan",
    "USA",
    "UK",
)

MULTIWORD_PLACES = ("Hong Kong", "Inner Mongolia", "Kuala Lumpur", "New York", "Southeast Asia")

# -- titles
FUNCTION_WORDS = _words("a an and the of to for in on at with by from as or its their his her that which")

# -- people cited, not present
#: National leaders whose thought, instructions or reports the genre quotes ("General Secretary Xi Jinping put
#: forward ..."): cited in passing, not participants, unless the story gives them an organisation (a namesake).
CITED_LEADERS = frozenset(
    {"Xi Jinping", "Li Qiang", "Li Keqiang", "Hu Jintao", "Wen Jiabao", "Jiang Zemin", "Deng Xiaoping", "Mao Zedong"}
)
#: The titles they are cited under (lowercase); "" for a bare name.
LEADER_TITLES = frozenset({"", "general secretary", "president", "premier", "chairman", "comrade"})
