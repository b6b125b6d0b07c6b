"""Why the console refused a form, in zh-CN, zh-TW and en: one sentence per refusal ``reason``
a service gives (``ServiceError.reason``) or a request model's validation code, keyed
``refused_<reason>``. Kept beside the main table (``i18n``), which adds them, so that the front
desk never reads the API's English for a refusal these words cover (``gateway.staff.refusals``).

``{status}`` and ``{wanted}`` are an appointment's status as the console's badges say it;
``{n}`` a slot's row on the offer form, or a limit; ``{low}``–``{high}`` a range.
"""

from __future__ import annotations

from typing import Final

# key: (zh-CN, zh-TW, en)
REFUSAL_WORDS: Final[dict[str, tuple[str, str, str]]] = {
    "refused_beside_field": (
        "请检查“{field}”：{why}",
        "請檢查「{field}」：{why}",
        "Check “{field}”: {why}",
    ),
    # Booking and moving at the desk.
    "refused_starts_in_past": (
        "这个时间已经过去了，请选以后的时间",
        "這個時間已經過了，請選之後的時間",
        "That time has passed; pick a later one",
    ),
    "refused_same_time": (
        "预约已经是这个时间了",
        "預約已經是這個時間了",
        "The appointment is already at that time",
    ),
    "refused_appointment_closed": (
        "这个预约的状态是“{status}”，不能再改；需要的话请重新预约",
        "這個預約的狀態是「{status}」，不能再修改；需要的話請重新預約",
        "This appointment is marked “{status}” and can no longer be changed; book a new one",
    ),
    "refused_status_not_from": (
        "这个预约的状态是“{status}”，不能改成“{wanted}”",
        "這個預約的狀態是「{status}」，不能改成「{wanted}」",
        "This appointment is marked “{status}”; it cannot be marked “{wanted}”",
    ),
    "refused_status_not_begun": (
        "预约时间还没到，还不能标记为“{wanted}”",
        "預約時間還沒到，還不能標記為「{wanted}」",
        "The appointment has not begun; it cannot be marked “{wanted}” yet",
    ),
    "refused_try_again": (
        "刚好有人同时在改，没有保存，请再试一次",
        "剛好有人同時在修改，沒有儲存，請再試一次",
        "Someone changed it at the same moment; nothing was saved, please try again",
    ),
    "refused_phone_not_mainland": (
        "这不是大陆手机号，本店还没有国际短信模板：请用大陆手机号预约，或请店长登记国际模板",
        "這不是中國大陸手機號碼，本店還沒有國際簡訊範本：請用大陸手機號碼預約，或請店長登記國際範本",
        "This number is outside mainland China and the salon has no international templates "
        "yet: book a mainland number, or ask the owner to record them",
    ),
    # What the request models refuse on the desk's forms (``from_validation``'s codes).
    "refused_invalid_phone": (
        "这不是有效的手机号码",
        "這不是有效的手機號碼",
        "That is not a valid phone number",
    ),
    "refused_missing_field": ("这一项必须填写", "這一項必須填寫", "This is required"),
    "refused_invalid_field": (
        "填写的内容不符合要求",
        "填寫的內容不符合規定",
        "That value is not accepted",
    ),
    # The customer.
    "refused_customer_erased": (
        "这位顾客的资料已删除，不能再发短信或改约",
        "這位顧客的資料已刪除，無法再傳簡訊或改約",
        "This customer's details were erased; they can no longer be texted or moved",
    ),
    "refused_customer_opted_out": (
        "这位顾客已退订短信，不能再发短信；请打电话联系",
        "這位顧客已退訂簡訊，不能再傳簡訊；請改打電話聯絡",
        "This customer opted out of texts; call them instead",
    ),
    "refused_template_missing": (
        "这条短信需要的模板还没有审核通过，发不出去；请联系店长",
        "這則簡訊需要的範本還沒有核准，傳不出去；請聯絡店長",
        "A template this text needs is not approved yet, so it cannot be sent; ask the owner",
    ),
    "refused_answer_empty": ("回复内容是空的", "回覆內容是空的", "The answer is empty"),
    "refused_answer_too_long": (
        "回复最多 {n} 个字",
        "回覆最多 {n} 個字",
        "An answer is at most {n} characters",
    ),
    "refused_answer_control": (
        "回复里有短信无法发送的特殊字符",
        "回覆裡有簡訊無法傳送的特殊字元",
        "The answer holds characters a text cannot carry",
    ),
    "refused_answer_templates_only": (
        "本店的短信服务商只能发审核通过的模板：请选一个回复模板，或打电话给顾客",
        "本店的簡訊服務商只能傳核准過的範本：請選一個回覆範本，或打電話給顧客",
        "The salon's provider sends approved templates only: pick an answer template, or call "
        "the customer",
    ),
    # The answer templates a page showed, sent once the salon's provider takes staff's words.
    "refused_answer_words_only": (
        "本店的短信服务商现在可以直接发您写的话，不用模板：请在回复框里写好再发",
        "本店的簡訊服務商現在可以直接傳您寫的話，不用範本：請在回覆框裡寫好再傳",
        "The salon's provider now sends your own words, not templates: write the answer in the box",
    ),
    "refused_answer_value_too_long": (
        "写进短信后超过服务商每一项 {n} 个字的上限，请写短一点",
        "寫進簡訊後超過服務商每一項 {n} 個字的上限，請寫短一點",
        "Over the provider's {n} characters per value once in the text; write a shorter one",
    ),
    "refused_answer_phone": (
        "电话号码应为 {low} 到 {high} 位数字（可以有空格、- 和开头的 +）",
        "電話號碼應為 {low} 到 {high} 位數字（可以有空格、- 和開頭的 +）",
        "A phone number of {low} to {high} digits (spaces, - and a leading + allowed)",
    ),
    "refused_consent_method": (
        "请选择顾客是怎么同意的",
        "請選擇顧客是怎麼同意的",
        "Say how the customer agreed",
    ),
    "refused_consent_staff_method": (
        "前台只能记录店内口头同意或纸质表格，请选一种",
        "櫃台只能記錄店內口頭同意或紙本表格，請選一種",
        "At the desk, consent is given in store or on a paper form: choose one",
    ),
    "refused_consent_evidence": (
        "记录同意需要填写凭据",
        "記錄同意需要填寫憑據",
        "Evidence is needed to record consent",
    ),
    # Offering new times: a row is named by its letter on the offer page (A, B, C), which the
    # page gives as ``row`` (it gives the service the slots in the order its rows show them).
    "refused_offer_closed": (
        "这个预约的状态是“{status}”，不能再发新的时间给顾客选",
        "這個預約的狀態是「{status}」，不能再傳新的時間給顧客選",
        "This appointment is marked “{status}”; it cannot take an offer of new times",
    ),
    "refused_offer_begun": (
        "预约时间已经到了，不能再发新的时间给顾客选",
        "預約時間已經到了，不能再傳新的時間給顧客選",
        "The appointment's time has come; it cannot take an offer of new times",
    ),
    "refused_slot_count": ("请填 1 到 {n} 个时间", "請填 1 到 {n} 個時間", "Offer 1 to {n} times"),
    "refused_slot_past": (
        "时间 {row} 已经过去了",
        "時間 {row} 已經過了",
        "Time {row} has already passed",
    ),
    "refused_slot_too_far": (
        "时间 {row} 太远了：只能选 {days} 天以内",
        "時間 {row} 太遠了：只能選 {days} 天以內",
        "Time {row} is too far ahead: at most {days} days",
    ),
    "refused_slot_twice": (
        "时间 {row} 和前面的重复了",
        "時間 {row} 和前面的重複了",
        "Time {row} is the same as one before it",
    ),
    "refused_slots_too_long": (
        "这些时间写进短信太长了，请少选几个",
        "這些時間寫進簡訊太長了，請少選幾個",
        "These times make the text too long; offer fewer",
    ),
    "refused_campaign_value_too_long": (
        "短信服务商每一项最多 {n} 个字，请写短一点",
        "簡訊服務商每一項最多 {n} 個字，請寫短一點",
        "The provider takes at most {n} characters per value; write a shorter one",
    ),
    # The inbox.
    "refused_treat_how": (
        "请选择：确认、改约或取消",
        "請選擇：確認、改約或取消",
        "Pick confirm, change or cancel",
    ),
    "refused_treat_not_waiting": (
        "只有还没处理的、看不懂的回复才能这样处理",
        "只有還沒處理的、看不懂的回覆才能這樣處理",
        "Only an unclear reply still waiting can be treated as an answer",
    ),
    "refused_item_not_a_time": (
        "这一条和预约时间无关",
        "這一則和預約時間無關",
        "This item is not about an appointment's time",
    ),
    "refused_item_no_appointment": (
        "这一条没有对应的预约；请回复或打电话给顾客",
        "這一則沒有對應的預約；請回覆或打電話給顧客",
        "This item is about no appointment; answer or call the customer",
    ),
    # Staff accounts.
    "refused_not_an_email": (
        "这不是有效的邮箱地址",
        "這不是有效的電子郵件地址",
        "That is not an email address",
    ),
    "refused_email_taken": (
        "{email} 已经有账号了",
        "{email} 已經有帳號了",
        "{email} already has an account",
    ),
    "refused_phone_taken": (
        "这个手机号已经有账号了",
        "這個手機號碼已經有帳號了",
        "This phone number already has an account",
    ),
    "refused_password_length": (
        "密码需要 {low} 到 {high} 个字符",
        "密碼需要 {low} 到 {high} 個字元",
        "A password is {low} to {high} characters",
    ),
    "refused_direction_marks": (
        "里面有看不见的文字方向符号，请重新输入",
        "裡面有看不見的文字方向符號，請重新輸入",
        "It holds invisible text-direction marks; please type it again",
    ),
    "refused_cannot_disable_self": (
        "不能停用自己的账号",
        "不能停用自己的帳號",
        "You cannot disable yourself",
    ),
    # Settings.
    "refused_not_saved_field": (
        "没有保存“{field}”：{why}",
        "沒有儲存「{field}」：{why}",
        "“{field}” not saved: {why}",
    ),
    "field_survey_delay": ("完成后多少分钟发送", "完成後多少分鐘傳送", "Minutes after the visit"),
    "field_survey_interval": (
        "同一顾客至少间隔天数",
        "同一顧客至少間隔天數",
        "Days between two surveys to a customer",
    ),
    "refused_whole_number": (
        "请填 {low} 到 {high} 之间的整数",
        "請填 {low} 到 {high} 之間的整數",
        "Enter a whole number from {low} to {high}",
    ),
}
