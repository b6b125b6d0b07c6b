"""The console's words for campaigns (营销) in zh-CN, zh-TW and en: kept beside the main table
(``i18n``), which adds them, so that neither grows past a screenful to review."""

from __future__ import annotations

from typing import Final

# key: (zh-CN, zh-TW, en)
CAMPAIGN_WORDS: Final[dict[str, tuple[str, str, str]]] = {
    "campaigns": ("营销", "行銷", "Campaigns"),
    # The tab: six tabs fit a phone's width in English with the inbox's badge only this short.
    "campaigns_tab": ("营销", "行銷", "Offers"),
    "campaigns_intro": (
        "只发给同意接收营销短信、没有退订的顾客；每条短信都带退订说明，只在 8:00–21:00 发送。",
        "只發給同意接收行銷簡訊、沒有退訂的顧客；每則簡訊都附退訂說明，只在 8:00–21:00 傳送。",
        "Sent only to customers who agreed and have not opted out; every text says how to opt "
        "out, and goes only 08:00–21:00.",
    ),
    "no_campaigns": ("还没有营销活动", "還沒有行銷活動", "No campaigns yet"),
    "new_campaign": ("新建营销活动", "新增行銷活動", "New campaign"),
    "campaign_name": (
        "活动名称（只有店里看得到）",
        "活動名稱（只有店內看得到）",
        "Name (for the salon only)",
    ),
    "campaign_kind": ("类型", "類型", "Kind"),
    "kind_birthday": ("生日优惠", "生日優惠", "Birthday offer"),
    "kind_holiday": ("节日促销", "節日促銷", "Holiday offer"),
    "kind_win_back": ("老客回访", "老客回訪", "Win-back offer"),
    "campaign_audience": ("发给谁", "發給誰", "Who gets it"),
    "audience_birthday_pick": (
        "生日在几天内的顾客",
        "生日在幾天內的顧客",
        "Birthday within (days)",
    ),
    "audience_not_visited_pick": (
        "多少天没来过的顾客",
        "多少天沒來過的顧客",
        "Not visited for (days)",
    ),
    "audience_tags_pick": (
        "带这些标签的顾客（用逗号分开）",
        "帶這些標籤的顧客（用逗號分開）",
        "Customers tagged (separate with commas)",
    ),
    "audience_all_pick": (
        "所有同意接收营销短信的顾客",
        "所有同意接收行銷簡訊的顧客",
        "Everyone who agreed to marketing texts",
    ),
    "audience_birthday": (
        "生日在 {n} 天内的顾客",
        "生日在 {n} 天內的顧客",
        "Customers whose birthday is within {n} days",
    ),
    "audience_not_visited": (
        "{n} 天没来过的顾客",
        "{n} 天沒來過的顧客",
        "Customers not seen for {n} days",
    ),
    "audience_tags": ("带标签 {tags} 的顾客", "帶標籤 {tags} 的顧客", "Customers tagged {tags}"),
    "audience_all": (
        "所有同意接收营销短信的顾客",
        "所有同意接收行銷簡訊的顧客",
        "Everyone who agreed to marketing texts",
    ),
    "campaign_offer": ("优惠内容", "優惠內容", "The offer"),
    "campaign_offer_hint": ("例：生日当月烫染8折", "例：生日當月燙染8折", "e.g. 20% off colour"),
    "campaign_valid_until": ("有效期至", "有效期至", "Valid until"),
    "campaign_valid_until_hint": ("例：12月31日", "例：12月31日", "e.g. 31 December"),
    "campaign_send_at": (
        "发送时间（不填：开始后尽快发送）",
        "傳送時間（不填：開始後盡快傳送）",
        "Send at (empty: as soon as started)",
    ),
    "campaign_draft": ("保存草稿并预览", "儲存草稿並預覽", "Save draft and preview"),
    "campaign_drafted": (
        "草稿已保存，还没有发送。请核对下面的预览。",
        "草稿已儲存，還沒有傳送。請核對下面的預覽。",
        "Draft saved; nothing is sent yet. Check the preview below.",
    ),
    "error_campaign_name": (
        "请填写活动名称（最多 100 字）",
        "請填寫活動名稱（最多 100 字）",
        "Give the campaign a name (up to 100 characters)",
    ),
    "error_campaign_kind": ("请选择类型", "請選擇類型", "Choose a kind"),
    "error_campaign_audience": (
        "请选择发给谁：生日 0–31 天内，或 1–730 天没来过，或至少一个标签",
        "請選擇發給誰：生日 0–31 天內，或 1–730 天沒來過，或至少一個標籤",
        "Choose who gets it: a birthday within 0–31 days, not seen for 1–730 days, or at least "
        "one tag",
    ),
    "error_campaign_values": (
        "请填写优惠内容（最多 60 字）和有效期（最多 20 字）",
        "請填寫優惠內容（最多 60 字）和有效期（最多 20 字）",
        "Fill in the offer (up to 60 characters) and until when it is valid (up to 20)",
    ),
    "error_campaign_send_at": (
        "发送时间要填日期和时间，并且在现在之后",
        "傳送時間要填日期和時間，並且在現在之後",
        "A send time needs a date and a time, later than now",
    ),
    "campaign_not_saved": (
        "没有保存：请修改标出的内容",
        "沒有儲存：請修改標出的內容",
        "Not saved: correct what is marked",
    ),
    "campaign_status_draft": ("草稿（未发送）", "草稿（未傳送）", "Draft (not sent)"),
    "campaign_status_scheduled": ("已排期", "已排程", "Scheduled"),
    "campaign_status_sending": ("发送中", "傳送中", "Sending"),
    "campaign_status_finished": ("已发完", "已傳完", "Finished"),
    "campaign_status_cancelled": ("已取消", "已取消", "Cancelled"),
    "campaign_created_on": ("{when} 创建", "{when} 建立", "created {when}"),
    "campaign_started_on": ("{when} 开始", "{when} 開始", "started {when}"),
    "campaign_cancelled_on": ("{when} 取消", "{when} 取消", "cancelled {when}"),
    "campaign_finished_on": ("{when} 发完", "{when} 傳完", "finished {when}"),
    "campaign_when_started": ("开始后尽快发送", "開始後盡快傳送", "As soon as started"),
    "campaign_when_at": ("不早于 {when}", "不早於 {when}", "Not before {when}"),
    "campaign_reaches": ("将发给 {n} 位顾客", "將發給 {n} 位顧客", "Goes to {n} customer(s)"),
    "campaign_reached": ("发给 {n} 位顾客", "發給 {n} 位顧客", "Went to {n} customer(s)"),
    "campaign_left_out": ("不发给以下顾客：", "不發給以下顧客：", "Left out:"),
    "campaign_none_left_out": ("没有顾客被排除", "沒有顧客被排除", "Nobody is left out"),
    "excluded_erased": ("资料已删除", "資料已刪除", "erased at their request"),
    "excluded_not_in_audience": (
        "不在这次的范围内",
        "不在這次的範圍內",
        "not in this campaign's audience",
    ),
    "excluded_opted_out": ("已退订短信", "已退訂簡訊", "opted out of texts"),
    "excluded_no_consent": (
        "没有同意接收营销短信",
        "沒有同意接收行銷簡訊",
        "did not agree to marketing texts",
    ),
    "excluded_frequency_cap": (
        # Not the number: the salon's cap is to become a setting (marketing_max_per_30_days).
        "30 天内收到的营销短信已达上限",
        "30 天內收到的行銷簡訊已達上限",
        "had as many marketing texts in 30 days as allowed",
    ),
    "excluded_no_template": (
        "所用语言的营销模板还没有审核通过的编号",
        "所用語言的行銷範本還沒有審核通過的編號",
        "no approved marketing template for their language or number",
    ),
    "n_customers": ("{n} 位", "{n} 位", "{n}"),
    "campaign_cost": (
        "每条 {segments} 段计费，预计费用 {cost} {currency}",
        "每則 {segments} 段計費，預計費用 {cost} {currency}",
        "{segments} SMS part(s) each, about {cost} {currency} in all",
    ),
    "campaign_results": ("结果", "結果", "Results"),
    "result_sent": ("已发出", "已傳出", "sent"),
    "result_delivered": ("已送达", "已送達", "delivered"),
    "result_failed": ("失败", "失敗", "failed"),
    "result_waiting": ("等待发送", "等待傳送", "still to go"),
    "result_cancelled": ("未发送（已取消）", "未傳送（已取消）", "not sent (cancelled)"),
    "result_opted_out_after": ("收到后退订", "收到後退訂", "opted out after it"),
    "result_replies": ("顾客回复", "顧客回覆", "replies"),
    "campaign_start": ("开始发送…", "開始傳送…", "Start sending…"),
    "campaign_start_confirm": (
        "确认发给 {n} 位顾客？预计费用 {cost} {currency}。发出的短信无法收回。",
        "確認發給 {n} 位顧客？預計費用 {cost} {currency}。傳出的簡訊無法收回。",
        "Send to {n} customer(s), about {cost} {currency}? A text that went cannot be taken back.",
    ),
    "campaign_start_yes": ("确认发送", "確認傳送", "Yes, send it"),
    "campaign_started": (
        "已开始：短信已排队",
        "已開始：簡訊已排入佇列",
        "Started: the texts are queued",
    ),
    "campaign_cancel": ("取消活动", "取消活動", "Cancel the campaign"),
    "campaign_cancelled": (
        "已取消：还没发出的短信不会再发",
        "已取消：還沒傳出的簡訊不會再傳",
        "Cancelled: texts that had not gone will not go",
    ),
    "campaign_needs_template": (
        "不能发送：本店通过阿里云或腾讯云发短信，营销短信需要另外审核的营销模板（campaign_offer），"
        "目前还没有。没有发出任何短信。",
        "無法傳送：本店透過阿里雲或騰訊雲傳簡訊，行銷簡訊需要另外審核的行銷範本（campaign_offer），"
        "目前還沒有。沒有傳出任何簡訊。",
        "Cannot send: this salon texts through Alibaba Cloud or Tencent Cloud, where campaign "
        "texts need a marketing template (campaign_offer) approved on its own, which is not "
        "ready yet. Nothing was sent.",
    ),
    "campaign_not_now": (
        "这个活动现在是“{status}”，不能这样操作",
        "這個活動現在是「{status}」，不能這樣操作",
        "This campaign is “{status}”: that cannot be done now",
    ),
    "campaign_owner_starts": (
        "只有店长可以开始发送",
        "只有店長可以開始傳送",
        "Only an owner can start sending",
    ),
    "back_to_campaigns": ("返回营销", "返回行銷", "Back to campaigns"),
    "marketing_limits": (
        "每位顾客 30 天内最多收到 {per_30_days} 条；本店每天最多发 {budget} 条营销短信，"
        "每分钟最多 {per_minute} 条。",
        "每位顧客 30 天內最多收到 {per_30_days} 則；本店每天最多傳 {budget} 則行銷簡訊，"
        "每分鐘最多 {per_minute} 則。",
        "A customer gets at most {per_30_days} in 30 days; the salon sends at most {budget} "
        "marketing texts a day, {per_minute} a minute.",
    ),
    # The birthday automation (birthday_offers): one card on the campaigns page.
    "birthday_offers": ("生日自动优惠", "生日自動優惠", "Automatic birthday offer"),
    "birthday_on": ("已开启", "已開啟", "On"),
    "birthday_off": ("已关闭", "已關閉", "Off"),
    "birthday_how": (
        "开启后，每天自动发给生日快到、同意接收营销短信的顾客，每个生日只发一次。",
        "開啟後，每天自動發給生日快到、同意接收行銷簡訊的顧客，每個生日只發一次。",
        "When on, it goes by itself each day to customers who agreed to marketing texts and "
        "whose birthday is coming; once a birthday.",
    ),
    "birthday_needs_template": (
        "本店通过阿里云或腾讯云发短信，营销模板（campaign_offer）还没有审核通过的编号：在那之前，"
        "每天的生日优惠都会跳过，不会发出。",
        "本店透過阿里雲或騰訊雲傳簡訊，行銷範本（campaign_offer）還沒有審核通過的編號：在那之前，"
        "每天的生日優惠都會跳過，不會傳出。",
        "This salon texts through Alibaba Cloud or Tencent Cloud, and the marketing template "
        "(campaign_offer) has no approved code yet: until it has, each day's birthday offers "
        "are skipped and nothing is sent.",
    ),
    "birthday_when": ("发送时间", "傳送時間", "Goes"),
    "birthday_days_before": ("生日前 {n} 天", "生日前 {n} 天", "{n} day(s) before the birthday"),
    "birthday_on_the_day": ("生日当天", "生日當天", "On the birthday"),
    "birthday_no_offer": ("还没有填写优惠内容", "還沒有填寫優惠內容", "No offer written yet"),
    "birthday_change": ("修改…", "修改…", "Change…"),
    "birthday_enabled": ("开启生日自动优惠", "開啟生日自動優惠", "Send the birthday offer"),
    "birthday_days_before_field": (
        "生日前几天发送（0 = 生日当天，最多 {high}）",
        "生日前幾天傳送（0 = 生日當天，最多 {high}）",
        "Days before the birthday (0 = on the day, up to {high})",
    ),
    "birthday_saved_on": (
        "已保存：生日自动优惠已开启",
        "已儲存：生日自動優惠已開啟",
        "Saved: the birthday offer is on",
    ),
    "birthday_saved_off": (
        "已保存：生日自动优惠已关闭",
        "已儲存：生日自動優惠已關閉",
        "Saved: the birthday offer is off",
    ),
    "birthday_owner_changes": (
        "只有店长可以修改生日自动优惠",
        "只有店長可以修改生日自動優惠",
        "Only an owner can change the birthday offer",
    ),
    "error_birthday_days_before": (
        "请填写 0 到 {high} 之间的整数",
        "請填寫 0 到 {high} 之間的整數",
        "A whole number from 0 to {high}",
    ),
    "error_birthday_needs_offer": (
        "开启前请填写优惠内容和有效期",
        "開啟前請填寫優惠內容和有效期",
        "Write the offer and until when it is valid to turn it on",
    ),
    "error_birthday_offer": (
        "请填写优惠内容（一行，最多 {n} 字）",
        "請填寫優惠內容（一行，最多 {n} 字）",
        "Write the offer (one line, up to {n} characters)",
    ),
    "error_birthday_valid_until": (
        "请填写有效期（一行，最多 {n} 字）",
        "請填寫有效期（一行，最多 {n} 字）",
        "Write until when it is valid (one line, up to {n} characters)",
    ),
    "error_birthday_enabled": ("请勾选或不勾选", "請勾選或不勾選", "Tick the box or leave it"),
    "error_provider_cannot_send": (
        "本店的短信服务商在这台服务器上还不能发送短信，请联系系统管理员（{reason}）",
        "本店的簡訊服務商在這台伺服器上還不能傳送簡訊，請聯絡系統管理員（{reason}）",
        "This server cannot send through the salon's SMS provider yet; ask its administrator "
        "({reason})",
    ),
    "not_saved_because": ("没有保存：{why}", "沒有儲存：{why}", "Not saved: {why}"),
}
