# Korean dates and times as Korean readers write them: the period of day before the time ("오전 9:00", not
# Django's "9:00 오전"), and one short form everywhere ("2026. 12. 6. 오후 7:38").
DATE_FORMAT = "Y년 n월 j일"
TIME_FORMAT = "A g:i"
DATETIME_FORMAT = "Y년 n월 j일 A g:i"
SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. A g:i"
