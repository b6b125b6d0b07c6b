"""The console's words in zh-CN (the default), zh-TW and en.

A plain table rather than gettext catalogues: the console has one screenful of words, and a
table needs no compile step and shows a missing translation in review.
"""

from __future__ import annotations

from datetime import date
from typing import Final

from gateway.staff.campaign_words import CAMPAIGN_WORDS
from gateway.staff.refusal_words import REFUSAL_WORDS

LOCALES: Final = ("zh-CN", "zh-TW", "en")
DEFAULT_LOCALE: Final = "zh-CN"
LOCALE_NAMES: Final = {"zh-CN": "简体", "zh-TW": "繁體", "en": "EN"}

# key: (zh-CN, zh-TW, en)
_WORDS: Final[dict[str, tuple[str, str, str]]] = {
    "console": ("前台", "前台", "Front desk"),
    "today": ("今日", "今日", "Today"),
    "inbox": ("待处理", "待處理", "Inbox"),
    "customers": ("顾客", "顧客", "Customers"),
    "team": ("员工", "員工", "Staff"),
    "stats": ("统计", "統計", "Stats"),
    "sign_in": ("登录", "登入", "Sign in"),
    "sign_out": ("退出", "登出", "Sign out"),
    "email": ("邮箱", "電子郵件", "Email"),
    "password": ("密码", "密碼", "Password"),
    "email_or_phone": ("邮箱或手机号", "電子郵件或手機號碼", "Email or phone number"),
    "staff_phone": ("手机号（可用于登录）", "手機號碼（可用於登入）", "Phone (signs in too)"),
    "wrong_login": (
        "账号或密码不正确",
        "帳號或密碼不正確",
        "Wrong email, phone number or password",
    ),
    "too_many_logins": (
        "尝试次数过多，请 {minutes} 分钟后再试",
        "嘗試次數過多，請 {minutes} 分鐘後再試",
        "Too many attempts; try again in {minutes} min",
    ),
    "form_expired": (
        "表单已过期，请刷新页面后重试",
        "表單已過期，請重新整理後再試",
        "The form expired; reload the page and try again",
    ),
    "not_found": ("找不到该页面", "找不到該頁面", "Not found"),
    "owners_only": ("只有店长可以管理员工", "只有店長可以管理員工", "Only owners manage staff"),
    "prev_day": ("前一天", "前一天", "Previous day"),
    "next_day": ("后一天", "後一天", "Next day"),
    "no_stylist": ("未指定发型师", "未指定設計師", "Any stylist"),
    "no_appointments": ("这一天没有预约", "這一天沒有預約", "No appointments this day"),
    "waiting_confirm": ("未确认", "未確認", "Not confirmed"),
    "appointments": ("预约", "預約", "Appointments"),
    "thread": ("短信记录", "簡訊記錄", "Texts"),
    "no_texts": ("还没有短信", "還沒有簡訊", "No texts yet"),
    "do_confirmed": ("确认", "確認", "Confirm"),
    "do_cancelled": ("取消", "取消", "Cancel"),
    "do_completed": ("已完成", "已完成", "Completed"),
    "do_no_show": ("未到店", "未到店", "No-show"),
    "updated": ("已更新", "已更新", "Updated"),
    "answer": ("回复", "回覆", "Answer"),
    "answer_placeholder": ("回复顾客…", "回覆顧客…", "Answer the customer…"),
    "send": ("发送", "傳送", "Send"),
    # Salons on Alibaba Cloud / Tencent Cloud answer with approved templates only.
    "answer_with_template": (
        "本店短信只能使用已审核的模板，请选择一条回复：",
        "本店簡訊只能使用已審核的範本，請選擇一則回覆：",
        "This salon's texts use approved templates only; choose an answer:",
    ),
    "no_answer_templates": (
        "还没有可用的回复模板，请致电顾客，或请技术人员登记模板代码。",
        "還沒有可用的回覆範本，請致電顧客，或請技術人員登記範本代碼。",
        "No answer template is ready yet: call the customer, or ask your engineer to record "
        "the template codes.",
    ),
    "example": ("示例", "範例", "Example"),
    "tpl_answer_call_soon": ("稍后回电", "稍後回電", "We will call you"),
    "tpl_answer_call_us": ("请顾客致电门店", "請顧客致電門市", "Ask them to call us"),
    "check_field": ("请检查“{field}”", "請檢查「{field}」", "Check “{field}”"),
    "field_new_time": ("新的预约时间", "新的預約時間", "New time"),
    "field_customer_phone": ("顾客手机号", "顧客手機號碼", "Customer's phone"),
    "field_customer_name": ("顾客称呼", "顧客稱呼", "Customer's name"),
    "field_service": ("项目", "項目", "Service"),
    "field_stylist": ("发型师", "設計師", "Stylist"),
    "field_duration": ("时长（分钟）", "時長（分鐘）", "Length (minutes)"),
    "field_day": ("日期", "日期", "Date"),
    "field_time": ("时间", "時間", "Time"),
    "stylist_optional": ("发型师（可不填）", "設計師（可不填）", "Stylist (optional)"),
    "new_booking": ("新建预约（电话预约）", "新增預約（電話預約）", "New booking (by phone)"),
    "do_book": ("预约并发短信确认", "預約並傳簡訊確認", "Book and text to confirm"),
    "booked": (
        "已预约，确认短信已排队",
        "已預約，確認簡訊已排入佇列",
        "Booked; confirmation text queued",
    ),
    "move_to": ("改到…", "改到…", "Move to…"),
    "offer_times": ("发可选时间", "傳可選時間", "Offer times"),
    "now_at": ("现在的时间", "現在的時間", "Now at"),
    "proposed_from_availability": (
        "以下是排班里最合适的空闲时间，可修改后预览",
        "以下是排班裡最合適的空閒時間，可修改後預覽",
        "The best free times from your availability; change them, then preview",
    ),
    "preview": ("预览短信", "預覽簡訊", "Preview the text"),
    "nothing_fits": (
        "排班里没有合适的空闲时间：请填写要给顾客选的时间",
        "排班裡沒有合適的空閒時間：請填寫要給顧客選的時間",
        "Nothing in your availability fits: type the times to offer",
    ),
    "customer_reads": ("顾客将收到：", "顧客將收到：", "The customer will read:"),
    "send_offer": ("发送给顾客", "傳送給顧客", "Send to the customer"),
    "back_to_item": ("返回", "返回", "Back"),
    "check_slot": ("请检查时间 {row}", "請檢查時間 {row}", "Check time {row}"),
    "no_slot_typed": ("请至少填写一个时间", "請至少填寫一個時間", "Fill in at least one time"),
    "field_intent": ("顾客的意思", "顧客的意思", "What the customer meant"),
    "field_consent_method": ("同意方式", "同意方式", "How they agreed"),
    "choose_one": ("请选择…", "請選擇…", "Choose…"),
    "field_evidence": ("凭据", "憑據", "Evidence"),
    "marketing": ("营销短信", "行銷簡訊", "Marketing texts"),
    "birthday": ("生日", "生日", "Birthday"),
    "tags": ("标签", "標籤", "Tags"),
    "not_given": ("未填写", "未填寫", "Not given"),
    "consent_yes": ("已同意接收营销短信", "已同意接收行銷簡訊", "Agreed to marketing texts"),
    "consent_no": ("未同意营销短信", "未同意行銷簡訊", "No consent to marketing texts"),
    "consent_withdrawn_by": ("已撤回同意", "已撤回同意", "Consent withdrawn"),
    "consent_blocked": (
        "已退订短信：不会收到营销短信",
        "已退訂簡訊：不會收到行銷簡訊",
        "Opted out of texts: gets no marketing",
    ),
    "recorded_by": ("记录人", "記錄人", "recorded by"),
    "method_paper_form": ("纸质表格", "紙本表格", "Paper form"),
    "method_online_form": ("在线表单", "線上表單", "Online form"),
    "method_in_store": ("店内口头同意", "店內口頭同意", "In store"),
    "method_sms_reply": ("短信回复", "簡訊回覆", "SMS reply"),
    "method_opt_out": ("顾客退订", "顧客退訂", "Customer opted out"),
    "recorded_by_customer": ("顾客本人", "顧客本人", "the customer"),
    "record_consent": ("记录同意", "記錄同意", "Record consent"),
    "withdraw_consent": ("撤回同意", "撤回同意", "Withdraw consent"),
    "evidence_hint": ("表格编号或顾客原话", "表格編號或顧客原話", "Form number or their words"),
    "consent_recorded": ("已记录同意", "已記錄同意", "Consent recorded"),
    "consent_withdrawn": ("已撤回同意", "已撤回同意", "Consent withdrawn"),
    "treat_as": ("按顾客的意思处理：", "按顧客的意思處理：", "Treat the reply as:"),
    "treat_confirm": ("确认", "確認", "Confirm"),
    "treat_change": ("要改期", "要改期", "Change"),
    "treat_cancel": ("取消", "取消", "Cancel"),
    "treated_confirm": ("已按确认处理", "已按確認處理", "Treated as a confirmation"),
    "treated_change": (
        "已按改期处理：请发可选时间或改时间",
        "已按改期處理：請傳可選時間或改時間",
        "Treated as a change: offer times or move it",
    ),
    "treated_cancel": ("已按取消处理", "已按取消處理", "Treated as a cancellation"),
    "treated_by": (
        "按“{intent}”处理，操作人",
        "按「{intent}」處理，操作人",
        "Treated as “{intent}” by",
    ),
    "remember_phrase": ("记住这句话", "記住這句話", "Remember this reply"),
    "phrase_remembered": (
        "已记住：以后同样的回复会自动按此处理",
        "已記住：以後同樣的回覆會自動按此處理",
        "Remembered: the same reply is read this way from now on",
    ),
    "phrases": ("记住的话", "記住的話", "Taught replies"),
    "phrases_intro": (
        "顾客的回复与下面某句完全相同时（不计标点、空格、大小写、全半角和繁简），系统按记下的意思处理。"
        "带提问或否定的回复不会按这些话处理。",
        "顧客的回覆與下面某句完全相同時（不計標點、空格、大小寫、全半形和繁簡），系統按記下的意思處理。"
        "帶提問或否定的回覆不會按這些話處理。",
        "When a reply is exactly one of these (punctuation, spaces, case, width and script "
        "aside), it is read as noted. A reply that asks or says no never is.",
    ),
    "no_phrases": (
        "还没有记住的话。在待处理里按顾客的意思处理时，勾选“记住这句话”即可。",
        "還沒有記住的話。在待處理裡按顧客的意思處理時，勾選「記住這句話」即可。",
        "No taught replies yet. Tick “Remember this reply” when you treat a reply in the inbox.",
    ),
    "read_as": ("按此处理：{intent}", "按此處理：{intent}", "Read as: {intent}"),
    "taught_by_on": ("{who} 记于 {when}", "{who} 記於 {when}", "by {who}, {when}"),
    "forget_phrase": ("删除", "刪除", "Remove"),
    "phrase_forgotten": (
        "已删除：这句话不再自动处理",
        "已刪除：這句話不再自動處理",
        "Removed: this reply is no longer read by itself",
    ),
    "unteachable_not_an_answer": (
        "只能记住确认、改期或取消",
        "只能記住確認、改期或取消",
        "Only confirm, change or cancel can be remembered",
    ),
    "unteachable_no_words": (
        "这条回复没有可记住的文字",
        "這條回覆沒有可記住的文字",
        "The reply has no words to remember",
    ),
    "unteachable_too_long": (
        "回复太长，只记住 60 个字以内的回复",
        "回覆太長，只記住 60 個字以內的回覆",
        "Only replies of up to 60 characters are remembered",
    ),
    "unteachable_read_already": (
        "系统已经能读懂这句话，无需记住",
        "系統已經能讀懂這句話，無需記住",
        "The system reads this reply by itself already",
    ),
    "unteachable_asks": (
        "这句话是在提问，不能记成回答；请不勾选“记住这句话”再处理",
        "這句話是在提問，不能記成回答；請不勾選「記住這句話」再處理",
        "This reply asks a question and cannot be remembered as an answer; untick "
        "“Remember this reply” and treat it again",
    ),
    "unteachable_says_no": (
        "这句话带否定（不、没、别），不能记成这个意思；请不勾选“记住这句话”再处理",
        "這句話帶否定（不、沒、別），不能記成這個意思；請不勾選「記住這句話」再處理",
        "This reply says no (not, don't) and cannot be remembered this way; untick "
        "“Remember this reply” and treat it again",
    ),
    "do_move": ("改时间并通知顾客", "改時間並通知顧客", "Move and tell the customer"),
    "moved": ("已改时间，已通知顾客", "已改時間，已通知顧客", "Moved; the customer is told"),
    "field_phone": ("门店电话", "門市電話", "Salon's phone"),
    "queued": ("已加入发送队列", "已加入傳送佇列", "Queued to send"),
    "handled": ("已处理", "已處理", "Handled"),
    "mark_handled": ("标为已处理", "標為已處理", "Mark handled"),
    "handled_by": ("处理人", "處理人", "Handled by"),
    "handled_by_system": ("系统自动处理", "系統自動處理", "settled by itself"),
    "waiting": ("待处理", "待處理", "Waiting"),
    "all": ("全部", "全部", "All"),
    "inbox_empty": ("没有待处理的消息", "沒有待處理的訊息", "Nothing waits"),
    "new_items": ("有新消息", "有新訊息", "New items"),
    "open": ("打开", "開啟", "Open"),
    "search": ("搜索", "搜尋", "Search"),
    "search_hint": ("手机号或姓名", "手機號碼或姓名", "Phone or name"),
    "no_results": ("没有找到顾客", "沒有找到顧客", "No customer found"),
    "call": ("拨打", "撥打", "Call"),
    "opted_out": ("已退订", "已退訂", "Opted out"),
    "no_name": ("（未留名）", "（未留名）", "(no name)"),
    "add_staff": ("添加员工", "新增員工", "Add staff"),
    "name": ("姓名", "姓名", "Name"),
    "owner": ("店长", "店長", "Owner"),
    "disabled": ("已停用", "已停用", "Disabled"),
    "disable": ("停用", "停用", "Disable"),
    "enable": ("启用", "啟用", "Enable"),
    "end_sessions": ("退出所有设备", "登出所有裝置", "Sign out everywhere"),
    "reset_password": ("重设密码", "重設密碼", "Reset password"),
    "new_password": ("新密码", "新密碼", "New password"),
    "saved": ("已保存", "已儲存", "Saved"),
    "this_month": ("本月", "本月", "This month"),
    "confirmation_rate": ("确认率", "確認率", "Confirmation rate"),
    "no_show_rate": ("未到店率", "未到店率", "No-show rate"),
    "median_reply": (
        "客户多快回复（中位数）",
        "客戶多快回覆（中位數）",
        "How fast customers reply (median)",
    ),
    "texts_sent": ("已发送短信", "已傳送簡訊", "Texts sent"),
    "texts_delivered": ("已送达", "已送達", "Delivered"),
    "texts_failed": ("失败", "失敗", "Failed"),
    "cost": ("短信费用", "簡訊費用", "SMS cost"),
    "daily_cap": ("每日上限", "每日上限", "Daily cap"),
    "by_week": ("按周", "按週", "By week"),
    "cost_by_month": ("每月短信费用", "每月簡訊費用", "SMS cost by month"),
    # The quarter view: satisfaction surveys after a visit.
    "quarter_link": ("季度满意度报告", "季度滿意度報告", "Quarterly satisfaction report"),
    "quarter_title": ("{quarter} 满意度", "{quarter} 滿意度", "Satisfaction {quarter}"),
    "back_to_stats": ("‹ 统计", "‹ 統計", "‹ Stats"),
    "average_score": ("平均分", "平均分", "Average score"),
    "scores_given": ("评分人数", "評分人數", "Customers who scored"),
    "response_rate": ("回复率", "回覆率", "Response rate"),
    "surveys_sent": ("已发调查", "已發調查", "Surveys sent"),
    "previous_average": ("{quarter} 平均分", "{quarter} 平均分", "Average in {quarter}"),
    "by_stylist": ("各发型师", "各髮型師", "By stylist"),
    "scored_no_stylist": ("未指定发型师", "未指定髮型師", "No stylist"),
    "stylist_line": (
        "{scores} 人评分 · {answered}/{sent} 回复 · 回复率 {rate}",
        "{scores} 人評分 · {answered}/{sent} 回覆 · 回覆率 {rate}",
        "{scores} scored · {answered} of {sent} answered · {rate} response",
    ),
    "no_surveys_yet": (
        "本季度还没有发出满意度调查。",
        "本季度還沒有發出滿意度調查。",
        "No surveys went out this quarter.",
    ),
    "trend_title": ("与 {previous} 对比", "與 {previous} 對比", "Against {previous}"),
    "trend_chart": (
        "各发型师平均分：{previous} 与 {quarter}",
        "各髮型師平均分：{previous} 與 {quarter}",
        "Average per stylist: {previous} and {quarter}",
    ),
    "call_back": ("需要回访的顾客", "需要回訪的顧客", "Customers to call back"),
    "comment_only": ("仅留言", "僅留言", "Comment"),
    "nobody_to_call": ("没有低分或留言。", "沒有低分或留言。", "No low scores or comments."),
    "download_csv": ("下载 CSV（Excel）", "下載 CSV（Excel）", "Download CSV (Excel)"),
    "survey_settings": ("满意度调查设置", "滿意度調查設定", "Survey settings"),
    "survey_enabled": (
        "服务完成后发送满意度调查",
        "服務完成後傳送滿意度調查",
        "Text a survey after each visit",
    ),
    "survey_delay": (
        "完成后多少分钟发送（0–2880）",
        "完成後多少分鐘傳送（0–2880）",
        "Minutes after the visit (0–2880)",
    ),
    "survey_interval": (
        "同一顾客至少间隔天数（0–365）",
        "同一顧客至少間隔天數（0–365）",
        "Days between two surveys to a customer (0–365)",
    ),
    "survey_settings_line": (
        "调查：{on} · 完成后 {delay} 分钟 · 间隔 {days} 天",
        "調查：{on} · 完成後 {delay} 分鐘 · 間隔 {days} 天",
        "Surveys: {on} · {delay} minutes after the visit · {days} days apart",
    ),
    "owners_only_settings": (
        "只有店长可以修改设置",
        "只有店長可以修改設定",
        "Only owners change settings",
    ),
    "save": ("保存", "儲存", "Save"),
    "on": ("开", "開", "on"),
    "off": ("关", "關", "off"),
    "minutes": ("分钟", "分鐘", "min"),
    "n_seconds": ("{n} 秒", "{n} 秒", "{n} s"),
    "n_minutes": ("{n} 分钟", "{n} 分鐘", "{n} min"),
    "n_hours": ("{n} 小时", "{n} 小時", "{n} h"),
    "n_days": ("{n} 天", "{n} 天", "{n} days"),
    "n_hours_minutes": ("{h} 小时 {m} 分钟", "{h} 小時 {m} 分鐘", "{h} h {m} min"),
    "do_offer": ("发改约时间", "發改約時間", "Offer new times"),
    "offer_sent": ("已发送可选时间", "已傳送可選時間", "New times sent"),
    "no_slots_to_offer": (
        "没有可约的空闲时间：请先从系统发布排班",
        "沒有可約的空閒時間：請先從系統發布排班",
        "No free time to offer: publish availability from your CRM first",
    ),
    "offers_made": ("发给客户的可选时间", "發給客戶的可選時間", "New times offered by text"),
    "offers_accepted": ("客户选了其中一个", "客戶選了其中一個", "Customer picked one"),
    "offers_expired": ("过期没选", "過期沒選", "Expired without a pick"),
    "changes_closed_by_sms": (
        "客户短信里选了新时间",
        "客戶簡訊裡選了新時間",
        "Customer picked a new time by text",
    ),
    "median_to_new_time": (
        "从要求改期到选好新时间（中位数）",
        "從要求改期到選好新時間（中位數）",
        "From asking to change to a new time (median)",
    ),
    "reason_unclear_reply": ("回复无法识别", "回覆無法識別", "Unclear reply"),
    "reason_change_requested": ("要求改期", "要求改期", "Asks to change"),
    "reason_no_appointment": ("未能对应预约", "未能對應預約", "Matched no appointment"),
    "reason_unknown_number": ("陌生号码", "陌生號碼", "Unknown number"),
    "reason_help_requested": ("请求帮助", "請求協助", "Asks for help"),
    "reason_opted_out": ("已退订", "已退訂", "Opted out"),
    "reason_text_failed": ("短信发送失败", "簡訊傳送失敗", "Text failed"),
    "reason_text_uncertain": ("短信状态不明", "簡訊狀態不明", "Text may not have gone"),
    "reason_feedback": ("顾客评价待回访", "顧客評價待回訪", "Feedback: call back"),
    "reason_campaign_reply": ("回复了营销短信", "回覆了行銷簡訊", "Answered an offer"),
    # A text's state and what a reply was read as, under each message of a thread.
    "text_queued": ("待发送", "待傳送", "queued"),
    "text_sending": ("发送中", "傳送中", "sending"),
    "text_sent": ("已发送", "已傳送", "sent"),
    "text_delivered": ("已送达", "已送達", "delivered"),
    "text_failed": ("发送失败", "傳送失敗", "failed"),
    "text_undelivered": ("未送达", "未送達", "undelivered"),
    "text_cancelled": ("未发送", "未傳送", "not sent"),
    "text_uncertain": ("状态不明", "狀態不明", "may not have gone"),
    "text_held": ("暂缓发送", "暫緩傳送", "held"),
    "text_received": ("已收到", "已收到", "received"),
    "read_confirm": ("确认", "確認", "confirm"),
    "read_change": ("改期", "改期", "change"),
    "read_cancel": ("取消", "取消", "cancel"),
    "read_opt_out": ("退订", "退訂", "opt-out"),
    "read_opt_in": ("重新订阅", "重新訂閱", "opt-in"),
    "read_help": ("求助", "求助", "help"),
    "read_question_time": ("问时间", "問時間", "asked when"),
    "read_question_place": ("问地址", "問地址", "asked where"),
    "read_unknown": ("未能识别", "未能識別", "unclear"),
    "read_feedback": ("评价", "評價", "feedback"),
    "read_offer_pick": ("选了新时间", "選了新時間", "picked a new time"),
}

_WORDS.update(CAMPAIGN_WORDS)
_WORDS.update(REFUSAL_WORDS)
_INDEX: Final = {locale: i for i, locale in enumerate(LOCALES)}


def translate(locale: str, key: str, **values: object) -> str:
    """The word for ``key`` in ``locale``; the key itself when the table has none."""
    words = _WORDS.get(key)
    if words is None:
        return key
    text = words[_INDEX.get(locale, 0)]
    return text.format(**values) if values else text


def has_words(key: str) -> bool:
    """Whether the table says ``key`` (a refusal without words yet is shown as the API says it)."""
    return key in _WORDS


def spoken_duration(locale: str, seconds: float | None) -> str:
    """A median as a receptionist says it: 42 秒, 3 分钟, 1.5 小时, 2 天 (never "0 分钟")."""
    if seconds is None:
        return "—"
    if seconds < 90:
        return translate(locale, "n_seconds", n=max(1, round(seconds)))
    if seconds < 90 * 60:
        return translate(locale, "n_minutes", n=round(seconds / 60))
    if seconds < 48 * 3600:
        return translate(locale, "n_hours", n=_one_place(seconds / 3600))
    return translate(locale, "n_days", n=_one_place(seconds / 86400))


def _one_place(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


_WEEKDAYS: Final = {
    "zh-CN": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
    "zh-TW": ("週一", "週二", "週三", "週四", "週五", "週六", "週日"),
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
}
_MONTHS: Final = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def day_words(locale: str, day: date) -> str:
    """A day as the front desk says it: 12月6日 周日, Sun 6 Dec."""
    weekday = _WEEKDAYS.get(locale, _WEEKDAYS[DEFAULT_LOCALE])[day.weekday()]
    if locale == "en":
        return f"{weekday} {day.day} {_MONTHS[day.month - 1]} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日 {weekday}"


def length_words(locale: str, minutes: int) -> str:
    """How long an appointment takes: 45 分钟, 3 小时, 1 小时 30 分钟."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return translate(locale, "n_minutes", n=rest)
    if not rest:
        return translate(locale, "n_hours", n=hours)
    return translate(locale, "n_hours_minutes", h=hours, m=rest)
