"""Arabic words for demo data, shared by the apps' demo.py modules."""

MALE_NAMES = [
    "محمد", "عبدالله", "فهد", "خالد", "سعود", "عبدالرحمن", "تركي", "ناصر", "سلطان", "فيصل", "عمر", "يوسف",
    "أحمد", "إبراهيم", "سامي", "ماجد", "بندر", "نايف", "مازن", "حسام", "طارق", "وليد", "زياد", "أنس",
]
FEMALE_NAMES = [
    "نورة", "سارة", "هيا", "ريم", "العنود", "لطيفة", "منيرة", "أمل", "هند", "دانة", "رهف", "جود",
    "فاطمة", "مريم", "لمى", "غادة", "أسماء", "رنا", "سلمى", "ديما", "هالة", "إيمان", "بشرى", "آلاء",
]
FAMILY_NAMES = [
    "القحطاني", "العتيبي", "الشمري", "الدوسري", "الغامدي", "الزهراني", "الحربي", "المطيري", "السبيعي",
    "العنزي", "الشهري", "العسيري", "الأحمدي", "السلمي", "البقمي", "الرشيدي", "المالكي", "الجهني",
    "الحلبي", "الدمشقي", "الحمصي", "الأتاسي", "الخطيب", "النوري", "العلي", "الحسن", "الصباغ",
]
MALE_NAMES_EN = [
    "Mohammed", "Abdullah", "Fahad", "Khalid", "Saud", "Abdulrahman", "Turki", "Nasser", "Sultan", "Faisal",
    "Omar", "Yousef", "Ahmed", "Ibrahim", "Sami", "Majed", "Bandar", "Naif", "Mazen", "Hussam", "Tariq",
    "Waleed", "Ziad", "Anas",
]
FEMALE_NAMES_EN = [
    "Noura", "Sarah", "Haya", "Reem", "Alanoud", "Latifa", "Munira", "Amal", "Hind", "Dana", "Rahaf", "Joud",
    "Fatima", "Maryam", "Lama", "Ghada", "Asmaa", "Rana", "Salma", "Dima", "Hala", "Iman", "Bushra", "Alaa",
]
