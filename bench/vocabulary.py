"""Benchmark corpus: the word lists the article generator draws from (data only, no logic).

Kept apart from generate.py so the generator reads in one sitting. The lists are plain English of the
university–enterprise cooperation news genre; derived forms (plurals, tenses) and compound technical terms
are built in generate.py, which brings the vocabulary to a few thousand distinct words, so a search index
over the generated articles has realistic term counts.
"""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: Countable nouns (plural formed by rule in generate.py).
NOUNS = _words("""
agreement platform laboratory university school college department center institute company group government
province city region delegation ceremony symposium forum meeting exchange discussion visit project program plan
strategy framework mechanism model system achievement application resource advantage opportunity foundation
student teacher professor expert academician scholar engineer leader representative partner partnership
relationship field discipline curriculum course degree workshop seminar conference exhibition showcase base park
zone cluster chain product service market investment fund policy reform practice capacity capability ecology
environment battery vehicle automobile engine material chemical medicine ship railway bridge road port satellite
robot machine sensor chip network algorithm standard patent license incubator startup demand need challenge
problem solution breakthrough frontier direction goal task mission vision tradition community county village
town district headquarters office committee bureau commission council association alliance consortium union hub
gateway window milestone initiative pilot demonstration prototype pathway roadmap blueprint outline proposal
suggestion recommendation opinion viewpoint topic issue agenda report review summary evaluation assessment survey
dataset database archive library museum studio factory plant workshop line warehouse terminal station facility
building campus classroom dormitory canteen stadium hall auditorium lecture speech address remark toast banquet
tour trip journey route corridor belt circle axis pole engine driver pillar cornerstone backbone catalyst lever
booster accelerator carrier vehicle channel bond tie link connection interface node module component unit element
factor indicator metric benchmark target quota budget grant scholarship fellowship award prize medal honor title
certificate qualification credential skill competence quality virtue value principle rule regulation guideline
measure step stage phase period term year month week decade century generation era wave trend tide momentum
account action activity agency analysis answer article aspect atmosphere audience author background balance
barrier basis battle benefit boundary branch brand budget campaign candidate category cell chairman chance
chapter character charter circumstance citizen claim climate colleague column combination comment commitment
comparison competition complex concept concern condition consequence context contract controversy conversation
craft crisis criterion crowd cycle deadline debate decision definition degree delivery deputy destination detail
device dialogue difference dimension director discovery dispute distance division document domain draft effort
emphasis enterprise entry episode event evidence example exhibit expansion experiment explanation exposure
extension facility failure feature festival figure finding focus forecast format formula fortune fraction
function gap generation gift guest guide habit harvest hearing highlight horizon host identity image impact
incident income increase influence input insight inspection instance instrument intention interest interview
invention journal judgment keynote landmark launch layer lesson level limit location loop manager mandate margin
meaning medium member memory message method mind minister minute mode moment motion motive negotiation neighbor
notion object observation occasion operation option order organization origin outcome output owner panel
parameter participant passage pattern peak perspective petition phenomenon picture piece pioneer position
possibility potential presence president pressure priority procedure process profile profit promise prospect
protocol province publication purpose question range rate ratio reaction reality reason record reference region
response result revenue reward risk role round sample scale scenario scheme scope score sector segment selection
sequence session setting share shift signal signature site situation source space speaker specialist spectrum
sponsor staff statement status strength structure subject success successor sum supplier surface symbol
talent team technique tendency territory theme theory threshold timeline tool track transition treaty trial
""")

#: Uncountable or mass nouns (no plural).
MASS_NOUNS = _words("""
cooperation innovation research talent training industry technology development transformation education
employment integration collaboration coordination communication understanding friendship trust support
contribution construction manufacturing production equipment economy growth capital quality efficiency
competitiveness energy carbon power steel concrete health agriculture food water transportation logistics aviation
software data computing intelligence security safety entrepreneurship commercialization industrialization
digitalization modernization internationalization progress knowledge expertise experience guidance leadership
governance management administration supervision planning design engineering science scholarship teamwork
""")

#: Adjectives placed before nouns.
ADJECTIVES = _words("""
strategic comprehensive in-depth long-term mutual practical substantial important significant key major new
advanced innovative green intelligent digital sustainable regional national international local global
high-quality high-level first-class leading modern traditional applied basic fundamental scientific technological
industrial economic social cultural educational academic professional technical joint common shared bilateral
multilateral close solid broad deep wide rapid steady stable fruitful productive effective efficient remarkable
outstanding excellent brilliant promising emerging core critical essential urgent cooperative collaborative open
inclusive coordinated integrated complementary flexible diverse dynamic vibrant robust resilient secure smart
clean low-carbon renewable efficient precise reliable scalable modular automated connected interdisciplinary
cross-border coastal inland rural urban municipal provincial central western eastern northern southern
abundant accurate active additional adequate affordable agricultural ambitious annual appropriate attractive
available balanced beneficial bold capable careful certain clear competitive complete complex comparable
concrete considerable consistent constructive continuous creative crucial current decisive dedicated detailed
distinctive domestic durable eager energetic enormous entire environmental equal ethical exceptional extensive
fair familiar favorable financial flexible formal frequent friendly generous genuine gradual grand healthy
historic honest ideal immediate independent individual informal initial innovative intense irreplaceable
legal literary logical lively loyal massive medical mental mobile moderate multiple mutual natural necessary
notable numerous objective official operational optimal ordinary organic original overall peaceful permanent
personal physical pivotal political popular positive potential powerful preliminary previous primary private
productive profound prominent prosperous public rational realistic reasonable recent relevant reputable
respective responsible rich rigorous scientific seamless senior sensitive separate serious sincere singular
sophisticated special specific spiritual standard steady strict structural suitable superior supportive
""")

#: Adverbs.
ADVERBS = _words("""
actively fully further jointly closely steadily deeply firmly continuously comprehensively effectively
substantially systematically vigorously warmly sincerely highly greatly strongly rapidly gradually constantly
earnestly carefully thoroughly mutually truly especially particularly successfully smoothly efficiently
""")

#: Verbs in base form; "base/past" gives an irregular past, "base+" doubles the final consonant (plan+).
VERBS = _words("""
promote deepen strengthen expand explore establish construct develop implement enhance improve cultivate support
serve foster advance accelerate facilitate integrate share sign renew launch attend visit discuss exchange
introduce present report review evaluate study design create produce manufacture apply transform commercialize
deploy upgrade optimize innovate collaborate cooperate coordinate participate contribute provide offer deliver
achieve reach realize complete focus host organize invite welcome thank congratulate express emphasize highlight
note stress mention propose suggest hope expect believe agree consider plan+ prepare train recruit employ guide
boost consolidate extend broaden carry enrich empower unite gather pool attract inspire encourage ensure
witness celebrate unveil inaugurate initiate explore examine inspect survey analyze assess monitor address solve
tackle overcome adapt adopt align combine connect link transfer translate incubate nurture mentor equip+ commit+
submit+ admit+ stop+ ship+ run/ran+ begin/began+ set/set+ put/put+ win/won+ make/made take/took give/gave
hold/held lead/led build/built bring/brought meet/met say/said see/saw seek/sought undertake/undertook
understand/understood speak/spoke become/became keep/kept find/found grow/grew draw/drew teach/taught
accompany acknowledge acquire activate allocate amplify announce anticipate appoint appreciate approve arrange
assemble assign assist attach attain award balance benefit broadcast calculate capture certify chair clarify
collect compare compete compile compose conduct confirm conserve contain convene convey demonstrate determine
diversify document double draft educate elevate eliminate emerge enable encounter endorse engage enlarge enroll
envision establish estimate exceed exhibit expedite export fulfil furnish generate govern graduate harness
identify illustrate incorporate increase install integrate interpret investigate invest issue maintain maximize
measure merge minimize mobilize modernize motivate negotiate obtain operate outline oversee participate
perform pioneer pledge practise preserve prioritize process procure publish pursue raise rank receive recognize
recommend reflect reinforce release remain represent reproduce research resolve respond restore retain
revitalize safeguard schedule secure select shape simplify specialize sponsor standardize stimulate streamline
summarize supervise supply sustain target test track unify update utilize validate verify visualize
""")

#: Prefixes and roots combined into compound technical terms ("nanocatalysis", "biosensors").
TECH_PREFIXES = _words("""
nano bio micro hydro thermo electro photo geo aero cyber agro opto petro chemo neuro magneto cryo radio mechano
astro seismo
""")
TECH_ROOTS = _words("""
materials sensors catalysis robotics mechanics systems chemistry electronics dynamics informatics imaging
fabrication devices physics composites membranes polymers structures genomics networks analytics metrology
lithography acoustics ceramics coatings kinetics modelling photonics synthesis
""")

#: Fields used in school names and topic phrases.
FIELDS = (
    "Automotive Engineering",
    "Mechanical and Electronic Engineering",
    "Computer Science and Technology",
    "Materials Science and Engineering",
    "Civil and Architectural Engineering",
    "Economics and Management",
    "Electrical Engineering",
    "Transportation",
    "Chemistry and Chemical Engineering",
    "Energy and Power Engineering",
    "Information Engineering",
    "Life Sciences",
    "Marine Engineering",
    "Environmental Science and Engineering",
    "Foreign Languages",
    "Automation",
    "Resources and Safety Engineering",
    "Mathematics and Statistics",
)

#: Regions and cities with the short code used in abbreviations ("Hubei" -> "HB").
REGIONS = tuple(
    tuple(pair.split(":"))
    for pair in _words("""
Beijing:BJ Shanghai:SH Tianjin:TJ Chongqing:CQ Hebei:HEB Shanxi:SX Liaoning:LN Jilin:JL Heilongjiang:HLJ Jiangsu:JS
Zhejiang:ZJ Anhui:AH Fujian:FJ Jiangxi:JX Shandong:SD Henan:HEN Hubei:HB Hunan:HN Guangdong:GD Hainan:HAN
Sichuan:SC Guizhou:GZ Yunnan:YN Shaanxi:SNX Gansu:GS Qinghai:QH Guangxi:GX Xinjiang:XJ Ningxia:NX Wuhan:WH
Nanjing:NJ Hangzhou:HZ Dalian:DL Qingdao:QD Xiamen:XM Harbin:HRB Changsha:CS Chengdu:CD Shenyang:SY Jinan:JN
Zhengzhou:ZZ Hefei:HF Fuzhou:FZ Kunming:KM Lanzhou:LZ Suzhou:SUZ Ningbo:NB Wuxi:WX Changzhou:CZ Nanchang:NC
Taiyuan:TY Shijiazhuang:SJZ Guiyang:GY Nanning:NN Xuzhou:XZ Yantai:YT Zhenjiang:ZHJ Liuzhou:LIZ Jinzhou:JIZ
Northern:N Southern:S Eastern:E Western:W Central:C
""")
)

#: University name patterns: (name with "{r}" for the region, the letters after the region's code).
UNIVERSITY_TYPES = (
    ("{r} University of Technology", "UT"),
    ("{r} University of Science and Technology", "UST"),
    ("{r} Normal University", "NU"),
    ("{r} Jiaotong University", "JTU"),
    ("{r} Agricultural University", "AU"),
    ("{r} University of Finance and Economics", "UFE"),
    ("{r} Medical University", "MU"),
    ("{r} Institute of Technology", "IT"),
    ("{r} Polytechnic University", "PU"),
    ("{r} University", "U"),
    ("{r} University of Chemical Technology", "UCT"),
    ("{r} Maritime University", "MTU"),
    ("{r} University of Aeronautics and Astronautics", "UAA"),
)

#: Industries of generated enterprises.
INDUSTRIES = (
    "Motor",
    "New Material",
    "Iron and Steel",
    "Electric Power",
    "Pharmaceutical",
    "Intelligent Equipment",
    "Semiconductor",
    "Petrochemical",
    "Shipbuilding",
    "Logistics",
    "Construction Engineering",
    "Information Technology",
    "New Energy",
    "Heavy Industry",
    "Rail Transit",
    "Aviation Industry",
)

#: Pinyin syllables for given names, brand names and place names.
SYLLABLES = _words("""
an bai bao bei bin bo chang chao chen cheng chun da dong fang fei feng fu gang guang gui guo hai han hao hong hua
hui jia jian jiang jie jin jing jun kai kang lan lei li liang lin ling long lu mei min ming nan ning peng ping qi
qian qiang qing rong rui shan sheng shi shu si song tai tao tian ting wei wen xi xia xian xiang xiao xin xing xu ya
yan yang yi ying yong yu yuan yue yun ze zhen zheng zhi zhong zhou zi
""")

#: Family names.
SURNAMES = _words("""
Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo Zheng Liang Xie Song Tang Han
Feng Deng Cao Peng Zeng Xiao Tian Dong Yuan Pan Yu Jiang Cai Jia Ding Wei Xue Ye Yan Lu Du Dai Xia Zhong Qian Qi
Mao Bi Tan Gu Shen Ren Fan Xin Yin Kong Bai Cui Kang Mo Qin Shi Hou Meng Long Wan
""")

#: Roles at a university, with "{i}" for the institution's short name.
UNIVERSITY_ROLES = (
    "President of {i}",
    "Secretary of the Party Committee of {i}",
    "Vice President of {i}",
    "Deputy Secretary of the Party Committee of {i}",
    "Chancellor of {i}",
    "Dean of the Graduate School of {i}",
    "Director of the Social Cooperation and Alumni Office of {i}",
    "Director of the Science and Technology Department of {i}",
)

#: Roles at a partner, with "{p}" for the partner's short name.
PARTNER_ROLES = (
    "Chairman of {p}",
    "General Manager of {p}",
    "Deputy General Manager of {p}",
    "Chief Engineer of {p}",
    "Secretary of the Party Committee of {p}",
    "Director of the Human Resource Department of {p}",
    "Deputy Director of {p}",
    "Head of the Technology Center of {p}",
)

#: Honorifics used in the "Mr. LIU Minhua" name style.
HONORIFICS = ("Mr.", "Prof.", "Dr.", "Ms.")

#: Number phrases for prose.
NUMBERS = ("two", "three", "five", "more than 20", "over 100", "12", "30", "nearly 50", "dozens of", "several")
