# English dates and times: one long form for a day and one for a moment, on every page and in every email
# ("Dec. 6, 2026" and "Dec. 6, 2026, 7:38 p.m."); the short forms are the same, so no page shows "12/06/2026".
DATE_FORMAT = "N j, Y"
TIME_FORMAT = "P"
DATETIME_FORMAT = "N j, Y, P"
SHORT_DATE_FORMAT = DATE_FORMAT
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
