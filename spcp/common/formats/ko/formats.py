# Korean dates and times as Korean readers write them: the period of day before the time ("오전 9:00", not
# Django's "9:00 오전"), and one form for a day and one for a moment on every page and in every email
# ("2026년 12월 6일" and "2026년 12월 6일 오후 7:38"); the short forms are the same.
DATE_FORMAT = "Y년 n월 j일"
TIME_FORMAT = "A g:i"
DATETIME_FORMAT = "Y년 n월 j일 A g:i"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
