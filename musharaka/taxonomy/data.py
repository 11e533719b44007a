"""Reference taxonomy loaded by migration 0002: the six development axes, the 17 SDGs, target groups
and the glossary of unified concepts (توحيد المفاهيم)."""

# The six axes of the Forum of Development Initiatives and Experiences in the regional emirates.
# (code, name_ar, name_en, description_ar, description_en)
AXES = [
    (
        "sustainability",
        "الاستدامة والتنمية المحلية",
        "Sustainability and local development",
        "مبادرات تحقق تنمية متوازنة في المدن والمحافظات والأحياء، وتحافظ على الموارد وتضمن استمرار أثرها "
        "بعد انتهاء تمويلها.",
        "Initiatives that bring balanced development to cities, governorates and neighbourhoods, conserve "
        "resources and keep their effect after their funding ends.",
    ),
    (
        "innovation",
        "الابتكار التنموي",
        "Development innovation",
        "حلول وأساليب عمل جديدة تعالج تحديات تنموية محلية، بما فيها الحلول الرقمية ونماذج الشراكة المبتكرة.",
        "New solutions and ways of working that address local development challenges, including digital "
        "solutions and new partnership models.",
    ),
    (
        "nonprofit-empowerment",
        "تمكين القطاع غير الربحي",
        "Non-profit empowerment",
        "بناء قدرات الجمعيات الأهلية والمؤسسات والأوقاف، ورفع حوكمتها واستدامتها المالية وأثرها في المجتمع.",
        "Building the capacity of civil associations, foundations and endowments, and strengthening their "
        "governance, financial sustainability and social impact.",
    ),
    (
        "local-content",
        "تعزيز المحتوى المحلي",
        "Local content",
        "زيادة الإنفاق على السلع والخدمات والكفاءات الوطنية والمحلية، ودعم المنشآت الصغيرة والمتوسطة "
        "والأسر المنتجة في المنطقة.",
        "Raising spending on national and local goods, services and talent, and supporting small and "
        "medium enterprises and productive families in the region.",
    ),
    (
        "development-media",
        "الإعلام التنموي",
        "Development media",
        "توظيف الإعلام والاتصال لنشر الوعي بالمبادرات التنموية وتوثيق التجارب الناجحة وتحفيز المشاركة المجتمعية.",
        "Using media and communication to raise awareness of development initiatives, document successful "
        "experiences and encourage community participation.",
    ),
    (
        "quality-of-life",
        "جودة الحياة وتنمية الجهات",
        "Quality of life and regional development",
        "تحسين بيئة العيش في المناطق والمحافظات: المرافق العامة والمساحات الخضراء والخدمات والأنشطة "
        "الثقافية والرياضية والترفيهية.",
        "Improving living conditions in regions and governorates: public facilities, green spaces, services "
        "and cultural, sports and recreational activities.",
    ),
]

# The 17 Sustainable Development Goals, with the UN's official Arabic and English short names.
# (number, name_ar, name_en)
SDGS = [
    (1, "القضاء على الفقر", "No poverty"),
    (2, "القضاء التام على الجوع", "Zero hunger"),
    (3, "الصحة الجيدة والرفاه", "Good health and well-being"),
    (4, "التعليم الجيد", "Quality education"),
    (5, "المساواة بين الجنسين", "Gender equality"),
    (6, "المياه النظيفة والنظافة الصحية", "Clean water and sanitation"),
    (7, "طاقة نظيفة وبأسعار معقولة", "Affordable and clean energy"),
    (8, "العمل اللائق ونمو الاقتصاد", "Decent work and economic growth"),
    (9, "الصناعة والابتكار والهياكل الأساسية", "Industry, innovation and infrastructure"),
    (10, "الحد من أوجه عدم المساواة", "Reduced inequalities"),
    (11, "مدن ومجتمعات محلية مستدامة", "Sustainable cities and communities"),
    (12, "الاستهلاك والإنتاج المسؤولان", "Responsible consumption and production"),
    (13, "العمل المناخي", "Climate action"),
    (14, "الحياة تحت الماء", "Life below water"),
    (15, "الحياة في البر", "Life on land"),
    (16, "السلام والعدل والمؤسسات القوية", "Peace, justice and strong institutions"),
    (17, "عقد الشراكات لتحقيق الأهداف", "Partnerships for the goals"),
]

# (code, name_ar, name_en)
TARGET_GROUPS = [
    ("residents", "السكان", "Residents"),
    ("youth", "الشباب", "Youth"),
    ("women", "المرأة", "Women"),
    ("children", "الأطفال", "Children"),
    ("elderly", "كبار السن", "Elderly people"),
    ("persons-with-disabilities", "الأشخاص ذوو الإعاقة", "Persons with disabilities"),
    ("families", "الأسر", "Families"),
    ("students", "الطلاب", "Students"),
    ("volunteers", "المتطوعون", "Volunteers"),
    ("entrepreneurs", "رواد الأعمال", "Entrepreneurs"),
    ("civil-associations", "الجمعيات الأهلية", "Civil associations"),
    ("private-sector", "القطاع الخاص", "Private sector"),
    ("government-bodies", "الجهات الحكومية", "Government bodies"),
    ("regional-authorities", "إمارات المناطق والأمانات والبلديات", "Regional emirates and municipalities"),
    ("academia", "الجامعات ومراكز البحث والخبراء", "Universities, research centres and experts"),
]

# (code, term_ar, term_en, definition_ar, definition_en)
GLOSSARY = [
    (
        "community-participation",
        "المشاركة المجتمعية",
        "Community participation",
        "إسهام السكان والجهات المحلية في تحديد احتياجات مجتمعهم واتخاذ القرارات التنموية وتنفيذها "
        "ومتابعتها، من خلال الرأي والجهد والمال والخبرة.",
        "The part residents and local bodies take in identifying their community's needs and in making, "
        "carrying out and following up development decisions, through their views, effort, money and skills.",
    ),
    (
        "local-development",
        "التنمية المحلية",
        "Local development",
        "عملية مخططة لتحسين الأحوال الاقتصادية والاجتماعية والبيئية في نطاق جغرافي محدد (منطقة أو محافظة "
        "أو مدينة أو حي) بالاعتماد على موارده وشراكة أهله وجهاته.",
        "A planned process that improves the economic, social and environmental conditions of a given area "
        "(region, governorate, city or neighbourhood), drawing on its own resources and on partnership "
        "between its people and institutions.",
    ),
    (
        "initiative",
        "المبادرة",
        "Initiative",
        "عمل تطوعي أو مؤسسي محدد الهدف والمدة، تطلقه جهة أو مجموعة لمعالجة حاجة مجتمعية أو استثمار فرصة، "
        "وقد يتطور إلى مشروع تنموي.",
        "A purposeful, time-bound piece of voluntary or institutional work launched by a body or a group to "
        "meet a community need or seize an opportunity; it may grow into a development project.",
    ),
    (
        "development-project",
        "المشروع التنموي",
        "Development project",
        "مجموعة أنشطة مترابطة لها أهداف ومخرجات قابلة للقياس وميزانية وجدول زمني وجهة مسؤولة، تُنفَّذ "
        "لإحداث تغيير تنموي محدد.",
        "A set of linked activities with measurable objectives and outputs, a budget, a schedule and an "
        "accountable lead, carried out to bring about a specific development change.",
    ),
    (
        "social-impact",
        "الأثر الاجتماعي",
        "Social impact",
        "التغيير الإيجابي أو السلبي، المقصود أو غير المقصود، الذي يطرأ على حياة الأفراد والمجتمع نتيجة "
        "مبادرة أو مشروع، بعد استبعاد ما كان سيحدث دونه.",
        "The positive or negative, intended or unintended change in the lives of people and communities that "
        "results from an initiative or project, net of what would have happened without it.",
    ),
    (
        "sroi",
        "العائد الاجتماعي على الاستثمار",
        "Social return on investment (SROI)",
        "منهجية تقيس القيمة الاجتماعية والبيئية والاقتصادية التي يحققها مشروع مقارنة بما أُنفق عليه، وتعبر "
        "عنها بنسبة مالية بعد احتساب الأثر الصافي (الوزن الميت والإسناد والإزاحة والتناقص) وخصم القيم المستقبلية.",
        "A method that measures the social, environmental and economic value a project creates relative to "
        "what was invested in it, expressed as a monetary ratio after netting out deadweight, attribution, "
        "displacement and drop-off and discounting future values.",
    ),
    (
        "mou",
        "مذكرة التفاهم",
        "Memorandum of understanding (MoU)",
        "وثيقة موقعة بين طرفين أو أكثر تحدد أهداف التعاون ومجالاته والتزامات كل طرف ومدته، وتمهد عادة "
        "لاتفاقيات أو عقود تفصيلية.",
        "A document signed by two or more parties that sets out the aims and fields of their cooperation, "
        "each party's commitments and its term; it usually paves the way for detailed agreements or contracts.",
    ),
    (
        "partnership",
        "الشراكة",
        "Partnership",
        "علاقة تعاون موثقة بين جهتين أو أكثر من القطاعات الحكومي والخاص وغير الربحي، تتقاسم فيها الأهداف "
        "والموارد والمسؤوليات والمخاطر لتحقيق نتائج تنموية مشتركة.",
        "A documented cooperation between two or more bodies from the government, private and non-profit "
        "sectors that share aims, resources, responsibilities and risks to achieve common development results.",
    ),
    (
        "volunteering",
        "التطوع",
        "Volunteering",
        "بذل الجهد أو الوقت أو المهارة لخدمة المجتمع عن اختيار ودون مقابل مادي، عبر فرص تطوعية تنظمها "
        "جهات معتمدة وتُوثَّق ساعاتها.",
        "Freely giving effort, time or skills to serve the community without financial reward, through "
        "opportunities organised by accredited bodies whose hours are recorded.",
    ),
    (
        "local-development-plan",
        "خطة التنمية المحلية",
        "Local development plan",
        "وثيقة تشاركية لمدينة أو منطقة لمدة محددة تبدأ بتقييم الاحتياجات ثم الرؤية والأهداف والإجراءات "
        "والمؤشرات، وتُراجع دوريًا مع رصد المخاطر.",
        "A participatory document for a city or area over a set period that moves from a needs assessment "
        "to a vision, goals, actions and indicators, and is reviewed periodically with its risks monitored.",
    ),
    (
        "needs-assessment",
        "تقييم الاحتياجات",
        "Needs assessment",
        "جمع وتحليل منظم لآراء السكان وبيانات المنطقة لتحديد الفجوات بين الواقع والمأمول وترتيب الاحتياجات "
        "حسب أولويتها.",
        "The systematic collection and analysis of residents' views and local data to identify the gaps "
        "between the present and the desired situation and rank needs by priority.",
    ),
    (
        "indicator",
        "المؤشر",
        "Indicator",
        "مقياس كمي أو نوعي محدد التعريف ووحدة القياس، يُستخدم لمتابعة التقدم نحو نتيجة ما والحكم على تحققها.",
        "A quantitative or qualitative measure with a set definition and unit, used to follow progress "
        "towards a result and judge whether it has been achieved.",
    ),
    (
        "baseline",
        "خط الأساس",
        "Baseline",
        "قيمة المؤشر قبل بدء التدخل أو في بدايته، وهي نقطة المقارنة التي يُقاس عليها التغير لاحقًا.",
        "The value of an indicator before or at the start of an intervention: the reference point against "
        "which later change is measured.",
    ),
    (
        "target",
        "المستهدف",
        "Target",
        "القيمة التي يُراد أن يبلغها المؤشر في نهاية فترة محددة.",
        "The value an indicator is meant to reach by the end of a given period.",
    ),
    (
        "output",
        "المخرجات",
        "Outputs",
        "المنتجات والخدمات المباشرة التي تنتج عن أنشطة المشروع، مثل عدد الدورات المنفذة أو المستفيدين المدربين.",
        "The direct products and services of a project's activities, such as the number of courses held or "
        "beneficiaries trained.",
    ),
    (
        "outcome",
        "النتائج",
        "Outcomes",
        "التغيرات قصيرة ومتوسطة المدى في معارف المستفيدين أو سلوكهم أو أحوالهم التي تتحقق بفضل المخرجات.",
        "The short- and medium-term changes in beneficiaries' knowledge, behaviour or circumstances that "
        "the outputs bring about.",
    ),
    (
        "beneficiary",
        "المستفيد",
        "Beneficiary",
        "الفرد أو الأسرة أو الجهة التي تصلها خدمات المبادرة أو المشروع بصورة مباشرة أو غير مباشرة.",
        "A person, family or body that receives the services of an initiative or project, directly or indirectly.",
    ),
    (
        "recommendation",
        "التوصية",
        "Recommendation",
        "مقترح عملي يصدر عن ملتقى أو ورشة عمل أو اجتماع، تُحدد له جهة مسؤولة وموعد إنجاز، ويُتابع حتى إغلاقه.",
        "A practical proposal issued by a forum, workshop or meeting, given a responsible owner and a due "
        "date, and followed up until it is closed.",
    ),
    (
        "good-practice",
        "التجربة الناجحة",
        "Good practice",
        "مبادرة أو مشروع ثبت أثره بأدلة موثقة، وتتوافر فيه شروط النقل والتكرار في مناطق أو جهات أخرى.",
        "An initiative or project whose impact is shown by documented evidence and which can be transferred "
        "to and replicated in other areas or bodies.",
    ),
    (
        "local-content",
        "المحتوى المحلي",
        "Local content",
        "إجمالي ما يُنفق داخل البلد على العمالة الوطنية والسلع والخدمات المنتجة محليًا والأصول والتقنية، "
        "بما ينمّي الاقتصاد الوطني والمحلي.",
        "Total spending within the country on national workers, locally produced goods and services, assets "
        "and technology, growing the national and local economy.",
    ),
    (
        "nonprofit-sector",
        "القطاع غير الربحي",
        "Non-profit sector",
        "الجمعيات الأهلية والمؤسسات الأهلية والأوقاف وسائر الكيانات التي تعمل للنفع العام ولا توزع أرباحًا "
        "على مؤسسيها أو أعضائها.",
        "Civil associations, foundations, endowments and other bodies that work for the public good and "
        "distribute no profit to their founders or members.",
    ),
    (
        "quality-of-life",
        "جودة الحياة",
        "Quality of life",
        "مدى رضا السكان عن ظروف عيشهم، ويشمل السكن والخدمات والصحة والتعليم والبيئة والأمن وفرص الترفيه والمشاركة.",
        "How satisfied residents are with their living conditions, covering housing, services, health, "
        "education, environment, safety and opportunities for leisure and participation.",
    ),
    (
        "sustainability",
        "الاستدامة",
        "Sustainability",
        "قدرة المبادرة أو المشروع على الاستمرار وإدامة أثره بعد انتهاء الدعم، دون استنزاف موارد الأجيال القادمة.",
        "The ability of an initiative or project to continue and keep its effect after support ends, without "
        "using up the resources of future generations.",
    ),
    (
        "neighbourhood-centre",
        "مركز الحي",
        "Neighbourhood centre",
        "كيان أهلي يعمل في نطاق حي سكني، يجمع سكانه ويقدم برامج اجتماعية وثقافية وتطوعية ويوصل احتياجاتهم "
        "إلى الجهات المختصة.",
        "A community body working within a residential neighbourhood that brings its residents together, "
        "runs social, cultural and volunteering programmes and carries their needs to the competent bodies.",
    ),
]
