"""The reply parser's short forms (issue 21): the abbreviations, texting spellings and Pinyin
initials customers answer a confirmation request with, and the Taiwanese/Hokkien apology.

Data only, written after normalisation like ``gateway.domain.reply_words``: lower case,
Simplified Chinese (OpenCC reads 拍謝 as 拍谢, 歹勢 as 歹势). Each table extends the one it is named
after in ``reply_lexicon``. English words match whole tokens only, so "cxl" never matches inside
"cxls" nor "cu" inside "cut", and "qr" never inside "qrcode"; a short form goes through the same
negation, question and condition reading as the word it stands for (dont cxl, qx吗, if … cxl).

Where the words come from: the training sets' own rows (tests/data, not the blind sets): "cxl
pls", "cnfrm", "kk see u then", "c u tmrw", qr / qx / gq (Pinyin initials of 确认 / 取消 / 改期, as
Mandarin texters write them), 拍謝 想改期, 歹勢這麼晚回; and the common SMS abbreviations of the
same words (canx, cncl, rschdl). Left out as ambiguous: "conf" (a conference), "cnf", "ccl".
"""

from __future__ import annotations

#: Extends ``CANCEL_PHRASES``: "cancel" shortened as texted, and 取消 by its Pinyin initials (qǔ
#: xiāo: qx).
CANCEL_SHORT: tuple[str, ...] = ("cxl", "canx", "cncl", "qx")

#: Extends ``CHANGE_PHRASES`` (beside ``RESCHEDULING_SHORT``): "reschedule" without its vowels,
#: and 改期 by its Pinyin initials (gǎi qī: gq).
CHANGE_SHORT: tuple[str, ...] = ("rschdl", "rschd", "reschdl", "rsched", "gq")

#: Extends ``CONFIRM_PHRASES``: "confirm" without its vowels, "see you" as texted, and 确认 by its
#: Pinyin initials (què rèn: qr).
CONFIRM_SHORT: tuple[str, ...] = (
    "cnfrm", "cnfrmd", "cfrm", "c u", "cu", "c u then", "cu then", "c u there", "cya", "c ya",
    "qr",
)  # fmt: skip

#: Extends ``AGREEING_AS_TYPED`` (a soft yes, as "ok" is: politeness beside another answer):
#: "ok" shortened and drawn out.
OK_SHORT: tuple[str, ...] = ("k", "kk", "kkk", "okk", "okie", "okey", "oki")

#: Extends ``PADDING_PHRASES``: the Taiwanese/Hokkien apology (拍謝 phah-siā, 歹勢 pháiⁿ-sè:
#: "sorry"), politeness and no answer.
SORRY_HOKKIEN: tuple[str, ...] = ("拍谢", "拍写", "歹势", "拍谢啦", "歹势啦", "sry")
