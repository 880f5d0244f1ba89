# ruff: noqa: E501 - the demo stack is a table: one row per line reads best
"""Demo inventories for "Acme Retail": a realistic mid-size martech stack.

42 tools across the six groups (some under-used, some overlapping, some renewing soon),
64 integrations (some manual, some broken, many not yet reviewed by IT) and 32 touchpoints
covering most journey stages, with real gaps (advocacy is thin, fulfilment has no
personalisation). Idempotent in effect: rows are matched by name and only missing ones are
created; a row edited in the app (fields, tools, data objects) is left as it is.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from assessment.inventory.services import seed_taxonomy
from assessment.models import (
    DataObject,
    Integration,
    ReviewState,
    Tool,
    ToolSubcategory,
    Touchpoint,
)

# fmt: off
# name, vendor, subcategory key, cost (EUR/yr), seats, active users, renewal in days,
# notice days, lifecycle, status, owner, system of record, stages
TOOLS = [
    ("Salesforce Sales Cloud", "Salesforce", "crm", 96000, 80, 71, 240, 90, "invest", "active", "Sales Ops", True, "purchase,service"),
    ("HubSpot CRM", "HubSpot", "crm", 14400, 25, 6, 45, 30, "eliminate", "active", "Marketing", False, "engagement"),
    ("Marketo Engage", "Adobe", "marketing_automation", 52000, 15, 11, 75, 60, "tolerate", "active", "Marketing Ops", False, "engagement,purchase"),
    ("Mailchimp", "Intuit", "email_marketing", 6000, 10, 2, 20, 30, "eliminate", "active", "Brand", False, "awareness,engagement"),
    ("Braze", "Braze", "email_marketing", 68000, 12, 10, 300, 90, "invest", "active", "CRM team", False, "service,engagement"),
    ("Contentful", "Contentful", "cms_web_experience", 36000, 30, 24, 150, 60, "invest", "active", "Digital", False, "awareness,engagement"),
    ("WordPress VIP", "Automattic", "cms_web_experience", 24000, 20, 4, 60, 30, "migrate", "active", "Brand", False, "awareness"),
    ("Bynder", "Bynder", "dam_mrm_pim", 21000, 40, 33, 200, 60, "tolerate", "active", "Creative", False, ""),
    ("Akeneo PIM", "Akeneo", "dam_mrm_pim", 30000, 15, 14, 330, 90, "invest", "active", "E-commerce", False, "purchase"),
    ("Optimizely Web", "Optimizely", "optimisation_personalisation_testing", 45000, 8, 2, 35, 60, "eliminate", "active", "Digital", False, "engagement"),
    ("Dynamic Yield", "Mastercard", "optimisation_personalisation_testing", 58000, 10, 7, 280, 90, "invest", "active", "E-commerce", False, "engagement,purchase"),
    ("Semrush", "Semrush", "seo", 4800, 5, 5, 110, 30, "tolerate", "active", "Digital", False, "awareness"),
    ("Vimeo Enterprise", "Vimeo", "video_marketing", 7500, 10, 1, 25, 30, "eliminate", "active", "Brand", False, "awareness"),
    ("Zendesk Suite", "Zendesk", "customer_experience_service", 42000, 60, 58, 190, 60, "invest", "active", "Customer Care", False, "service"),
    ("Intercom", "Intercom", "live_chat_chatbots", 19000, 20, 19, 95, 30, "tolerate", "active", "Customer Care", False, "engagement,service"),
    ("Sprout Social", "Sprout Social", "social_media_marketing", 12000, 8, 9, 140, 30, "tolerate", "active", "Social", False, "awareness,advocacy"),
    ("Brandwatch", "Cision", "social_media_marketing", 26000, 6, 1, 55, 60, "eliminate", "active", "Brand", False, "awareness"),
    ("Yotpo", "Yotpo", "community_reviews", 15000, 5, 4, 210, 60, "tolerate", "active", "E-commerce", False, "advocacy"),
    ("Smile.io", "Smile", "advocacy_loyalty_referrals", 9000, 4, 3, 170, 30, "evaluating", "trial", "CRM team", False, "advocacy,service"),
    ("Cvent", "Cvent", "events_webinars", 18000, 6, 2, 80, 60, "migrate", "active", "Events", False, "engagement"),
    ("Shopify Plus", "Shopify", "ecommerce_platforms", 48000, 25, 23, 260, 90, "invest", "active", "E-commerce", False, "purchase,fulfilment"),
    ("Klaviyo", "Klaviyo", "ecommerce_marketing", 22000, 6, 6, 65, 30, "tolerate", "active", "E-commerce", False, "engagement,service"),
    ("Impact.com", "Impact", "affiliate_marketing", 16000, 3, 3, 230, 60, "tolerate", "active", "Performance", False, "awareness"),
    ("Outreach", "Outreach", "sales_automation_enablement", 33000, 30, 9, 50, 60, "migrate", "active", "Sales Ops", False, "engagement"),
    ("Google Ads", "Google", "search_social_advertising", 0, 0, 6, None, None, "invest", "active", "Performance", False, "awareness"),
    ("Meta Ads Manager", "Meta", "search_social_advertising", 0, 0, 5, None, None, "invest", "active", "Performance", False, "awareness"),
    ("The Trade Desk", "The Trade Desk", "display_programmatic", 40000, 4, 2, 120, 60, "tolerate", "active", "Performance", False, "awareness"),
    ("Segment", "Twilio", "cdp", 60000, 10, 9, 300, 90, "invest", "active", "Data", True, ""),
    ("Google Analytics 4", "Google", "mobile_web_analytics", 0, None, 35, None, None, "invest", "active", "Digital", False, "awareness,engagement,purchase"),
    ("Adobe Analytics", "Adobe", "mobile_web_analytics", 70000, 40, 5, 40, 90, "eliminate", "active", "Digital", False, "engagement"),
    ("Looker", "Google", "dashboards_visualisation", 30000, 50, 44, 180, 60, "invest", "active", "Data", False, ""),
    ("Tableau", "Salesforce", "dashboards_visualisation", 28000, 35, 8, 85, 60, "eliminate", "active", "Finance", False, ""),
    ("Snowflake", "Snowflake", "business_customer_intelligence", 85000, 20, 26, 320, 90, "invest", "active", "Data", False, ""),
    ("Google Tag Manager", "Google", "ipaas_integration_tag_management", 0, None, 6, None, None, "tolerate", "active", "Digital", False, ""),
    ("Zapier", "Zapier", "ipaas_integration_tag_management", 3600, 5, 7, 70, 0, "tolerate", "active", "Marketing Ops", False, ""),
    ("OneTrust", "OneTrust", "governance_compliance_privacy", 24000, 5, 4, 150, 60, "tolerate", "active", "Legal", False, ""),
    ("Hotjar", "Contentsquare", "mobile_web_analytics", 5000, 10, 3, 30, 30, "evaluating", "trial", "Digital", False, "engagement"),
    ("Asana", "Asana", "projects_workflow", 9000, 60, 52, 250, 30, "tolerate", "active", "Marketing Ops", False, ""),
    ("Slack", "Salesforce", "collaboration", 15000, 120, 131, 200, 30, "tolerate", "active", "IT", False, ""),
    ("Allocadia", "Allocadia", "budgeting_finance", 20000, 10, 2, 15, 60, "eliminate", "active", "Finance", False, ""),
    ("Gong", "Gong", "sales_automation_enablement", 36000, 25, 22, 160, 60, "invest", "active", "Sales Ops", False, "purchase"),
    ("Legacy newsletter tool", "In-house", "email_marketing", 2000, 5, 0, None, None, "eliminate", "retired", "Brand", False, ""),
]

# The known product (catalogue slug, assessment/discovery/) and website of the demo's tools:
# the catalogue's own website where it has the product, the vendor's otherwise.
PRODUCTS = {
    "Salesforce Sales Cloud": ("salesforce", "https://www.salesforce.com"),
    "HubSpot CRM": ("hubspot", "https://www.hubspot.com"),
    "Marketo Engage": ("marketo", "https://www.marketo.com"),
    "Mailchimp": ("mailchimp", "https://mailchimp.com"),
    "Braze": ("braze", "https://www.braze.com"),
    "Contentful": ("contentful", "https://www.contentful.com"),
    "WordPress VIP": ("wordpress-vip", "https://wpvip.com"),
    "Bynder": ("bynder", "https://www.bynder.com"),
    "Akeneo PIM": ("", "https://www.akeneo.com"),
    "Optimizely Web": ("optimizely", "https://www.optimizely.com"),
    "Dynamic Yield": ("dynamic-yield", "https://www.dynamicyield.com"),
    "Semrush": ("semrush", "https://www.semrush.com"),
    "Vimeo Enterprise": ("vimeo", "https://vimeo.com"),
    "Zendesk Suite": ("zendesk", "https://zendesk.com"),
    "Intercom": ("intercom", "https://www.intercom.com"),
    "Sprout Social": ("", "https://sproutsocial.com"),
    "Brandwatch": ("", "https://www.brandwatch.com"),
    "Yotpo": ("", "https://www.yotpo.com"),
    "Smile.io": ("", "https://smile.io"),
    "Cvent": ("cvent", "https://www.cvent.com"),
    "Shopify Plus": ("shopify", "https://shopify.com"),
    "Klaviyo": ("klaviyo", "https://www.klaviyo.com/"),
    "Impact.com": ("", "https://impact.com"),
    "Outreach": ("", "https://www.outreach.io"),
    "Google Ads": ("google-ads", "https://ads.google.com"),
    "Meta Ads Manager": ("facebook-ads", "https://www.facebook.com/business/ads"),
    "The Trade Desk": ("", "https://www.thetradedesk.com"),
    "Segment": ("segment", "https://segment.com"),
    "Google Analytics 4": ("google-analytics", "https://google.com/analytics"),
    "Adobe Analytics": ("adobe-analytics", "https://www.adobe.com/analytics/adobe-analytics.html"),
    "Looker": ("looker", "https://cloud.google.com/looker"),
    "Tableau": ("tableau", "https://www.tableau.com"),
    "Snowflake": ("", "https://www.snowflake.com"),
    "Google Tag Manager": ("google-tag-manager", "https://www.google.com/tagmanager"),
    "Zapier": ("zapier", "https://zapier.com"),
    "OneTrust": ("onetrust", "https://www.onetrust.com"),
    "Hotjar": ("hotjar", "https://www.hotjar.com"),
    "Asana": ("asana", "https://asana.com"),
    "Slack": ("", "https://slack.com"),
    "Allocadia": ("", "https://www.allocadia.com"),
    "Gong": ("gong", "https://www.gong.io"),
}

# source, target, method, frequency, status, direction, data objects, criticality, review
INTEGRATIONS = [
    ("Shopify Plus", "Segment", "native", "realtime", "live", "one_way", "orders,events,contacts", "high", "verified"),
    ("Segment", "Braze", "cdp", "realtime", "live", "one_way", "audiences,events", "high", "verified"),
    ("Segment", "Snowflake", "native", "hourly", "live", "one_way", "events,orders", "high", "verified"),
    ("Segment", "Google Analytics 4", "native", "realtime", "live", "one_way", "events", "medium", "unreviewed"),
    ("Segment", "Dynamic Yield", "cdp", "realtime", "live", "one_way", "audiences", "medium", "unreviewed"),
    ("Segment", "Marketo Engage", "cdp", "hourly", "broken", "one_way", "audiences,contacts", "high", "flagged"),
    ("Segment", "Google Ads", "cdp", "daily", "live", "one_way", "audiences", "medium", "unreviewed"),
    ("Segment", "Meta Ads Manager", "cdp", "daily", "live", "one_way", "audiences", "medium", "unreviewed"),
    ("Salesforce Sales Cloud", "Marketo Engage", "native", "realtime", "live", "two_way", "contacts,leads,accounts", "high", "verified"),
    ("Salesforce Sales Cloud", "Snowflake", "ipaas", "daily", "live", "one_way", "accounts,orders", "high", "unreviewed"),
    ("Salesforce Sales Cloud", "Outreach", "native", "realtime", "live", "two_way", "contacts,leads", "medium", "unreviewed"),
    ("Salesforce Sales Cloud", "Gong", "native", "realtime", "live", "one_way", "contacts,accounts", "medium", "unreviewed"),
    ("Salesforce Sales Cloud", "Zendesk Suite", "native", "realtime", "live", "two_way", "contacts,support_cases", "high", "verified"),
    ("Salesforce Sales Cloud", "Slack", "native", "realtime", "live", "one_way", "leads", "low", "unreviewed"),
    ("Salesforce Sales Cloud", "Tableau", "native", "daily", "live", "one_way", "accounts,orders", "low", "unreviewed"),
    ("Salesforce Sales Cloud", "Cvent", "manual", "ad_hoc", "live", "one_way", "contacts", "medium", "unreviewed"),
    ("HubSpot CRM", "Salesforce Sales Cloud", "manual", "weekly", "live", "one_way", "contacts,leads", "high", "flagged"),
    ("HubSpot CRM", "Mailchimp", "zapier_placeholder", "daily", "broken", "one_way", "contacts", "medium", "unreviewed"),
    ("Marketo Engage", "Salesforce Sales Cloud", "native", "realtime", "live", "one_way", "leads,campaign_data", "high", "verified"),
    ("Marketo Engage", "Cvent", "api", "daily", "broken", "two_way", "contacts", "medium", "unreviewed"),
    ("Marketo Engage", "Looker", "file", "daily", "live", "one_way", "campaign_data", "low", "unreviewed"),
    ("Marketo Engage", "OneTrust", "api", "realtime", "live", "two_way", "consent", "high", "verified"),
    ("Braze", "Snowflake", "native", "hourly", "live", "one_way", "events,campaign_data", "medium", "unreviewed"),
    ("Braze", "OneTrust", "api", "realtime", "planned", "two_way", "consent", "high", "unreviewed"),
    ("Braze", "Shopify Plus", "webhook", "realtime", "live", "one_way", "events", "medium", "unreviewed"),
    ("Shopify Plus", "Klaviyo", "native", "realtime", "live", "one_way", "orders,contacts,product_catalogue", "high", "verified"),
    ("Shopify Plus", "Yotpo", "native", "realtime", "live", "one_way", "orders,contacts", "medium", "unreviewed"),
    ("Shopify Plus", "Smile.io", "native", "realtime", "live", "two_way", "orders,contacts", "medium", "unreviewed"),
    ("Shopify Plus", "Zendesk Suite", "native", "realtime", "live", "one_way", "orders", "high", "unreviewed"),
    ("Shopify Plus", "Salesforce Sales Cloud", "ipaas", "hourly", "live", "one_way", "orders,contacts", "high", "unreviewed"),
    ("Shopify Plus", "Impact.com", "native", "daily", "live", "one_way", "orders", "medium", "unreviewed"),
    ("Shopify Plus", "Google Analytics 4", "native", "realtime", "live", "one_way", "events,orders", "high", "verified"),
    ("Shopify Plus", "Meta Ads Manager", "native", "realtime", "live", "one_way", "events,product_catalogue", "medium", "unreviewed"),
    ("Shopify Plus", "Allocadia", "manual", "weekly", "deprecated", "one_way", "orders", "low", "unreviewed"),
    ("Akeneo PIM", "Shopify Plus", "api", "hourly", "live", "one_way", "product_catalogue", "high", "verified"),
    ("Akeneo PIM", "Bynder", "native", "daily", "live", "two_way", "content,product_catalogue", "medium", "unreviewed"),
    ("Bynder", "Contentful", "native", "realtime", "live", "one_way", "content", "medium", "unreviewed"),
    ("Bynder", "WordPress VIP", "manual", "ad_hoc", "live", "one_way", "content", "low", "unreviewed"),
    ("Contentful", "Dynamic Yield", "api", "realtime", "live", "one_way", "content", "medium", "unreviewed"),
    ("Contentful", "Optimizely Web", "api", "realtime", "deprecated", "one_way", "content", "low", "unreviewed"),
    ("Google Tag Manager", "Google Analytics 4", "native", "realtime", "live", "one_way", "events", "high", "verified"),
    ("Google Tag Manager", "Hotjar", "native", "realtime", "live", "one_way", "events", "low", "unreviewed"),
    ("Google Tag Manager", "Meta Ads Manager", "native", "realtime", "live", "one_way", "events", "medium", "unreviewed"),
    ("Google Tag Manager", "Adobe Analytics", "native", "realtime", "broken", "one_way", "events", "medium", "unreviewed"),
    ("Google Tag Manager", "The Trade Desk", "native", "realtime", "live", "one_way", "events", "low", "unreviewed"),
    ("OneTrust", "Google Tag Manager", "native", "realtime", "live", "one_way", "consent", "high", "verified"),
    ("OneTrust", "Segment", "api", "realtime", "planned", "one_way", "consent", "high", "unreviewed"),
    ("Google Analytics 4", "Looker", "native", "daily", "live", "one_way", "events", "medium", "unreviewed"),
    ("Google Analytics 4", "Google Ads", "native", "daily", "live", "two_way", "audiences,campaign_data", "medium", "unreviewed"),
    ("Google Ads", "Looker", "file", "daily", "live", "one_way", "campaign_data", "low", "unreviewed"),
    ("Meta Ads Manager", "Looker", "manual", "weekly", "live", "one_way", "campaign_data", "medium", "unreviewed"),
    ("Snowflake", "Looker", "native", "hourly", "live", "one_way", "orders,events,accounts", "high", "verified"),
    ("Snowflake", "Tableau", "native", "daily", "live", "one_way", "orders", "low", "unreviewed"),
    ("Snowflake", "Braze", "api", "daily", "planned", "one_way", "audiences", "medium", "unreviewed"),
    ("Zendesk Suite", "Snowflake", "ipaas", "daily", "live", "one_way", "support_cases", "medium", "unreviewed"),
    ("Zendesk Suite", "Slack", "native", "realtime", "live", "one_way", "support_cases", "low", "unreviewed"),
    ("Intercom", "Zendesk Suite", "native", "realtime", "broken", "one_way", "support_cases,contacts", "high", "flagged"),
    ("Intercom", "Salesforce Sales Cloud", "zapier_placeholder", "hourly", "live", "one_way", "leads", "medium", "unreviewed"),
    ("Klaviyo", "Yotpo", "native", "realtime", "live", "two_way", "contacts,events", "low", "unreviewed"),
    ("Sprout Social", "Salesforce Sales Cloud", "manual", "ad_hoc", "live", "one_way", "leads", "low", "unreviewed"),
    ("Brandwatch", "Sprout Social", "file", "weekly", "deprecated", "one_way", "campaign_data", "low", "unreviewed"),
    ("Cvent", "Slack", "webhook", "realtime", "live", "one_way", "contacts", "low", "unreviewed"),
    ("Outreach", "Gong", "native", "realtime", "live", "two_way", "contacts", "low", "unreviewed"),
    ("Asana", "Slack", "native", "realtime", "live", "one_way", "other", "low", "verified"),
    ("Allocadia", "Tableau", "manual", "weekly", "live", "one_way", "campaign_data", "low", "unreviewed"),
    ("Semrush", "Looker", "file", "weekly", "live", "one_way", "campaign_data", "low", "unreviewed"),
]

# name, stage, channel, segment, personalisation, handover, ease, tools
TOUCHPOINTS = [
    ("Search ads", "awareness", "search", "new", "rule_based", None, 4, "Google Ads"),
    ("Organic search landing pages", "awareness", "search", "new", "none", None, 3, "Contentful;Semrush"),
    ("Instagram and Facebook ads", "awareness", "paid_media", "new", "rule_based", None, 4, "Meta Ads Manager"),
    ("Programmatic display", "awareness", "paid_media", "switching", "rule_based", None, 3, "The Trade Desk"),
    ("Brand social channels", "awareness", "social", "all", "none", None, 4, "Sprout Social"),
    ("Affiliate partners", "awareness", "partner", "new", "none", None, 3, "Impact.com"),
    ("Brand video channel", "awareness", "web", "all", "none", None, 2, "Vimeo Enterprise"),
    ("Home page", "engagement", "web", "all", "rule_based", None, 3, "Contentful;Dynamic Yield"),
    ("Product pages", "engagement", "web", "all", "individual", None, 4, "Shopify Plus;Dynamic Yield;Akeneo PIM"),
    ("Welcome e-mail series", "engagement", "email", "new", "rule_based", None, 4, "Braze"),
    ("Pre-sales chat", "engagement", "chat", "new", "none", False, 2, "Intercom"),
    ("Spring collection webinar", "engagement", "events", "existing", "none", None, 2, "Cvent"),
    ("B2B sales outreach", "engagement", "sales_rep", "switching", "rule_based", None, 3, "Outreach;Salesforce Sales Cloud"),
    ("Store events", "engagement", "in_store", "existing", "none", None, 3, ""),
    ("Mobile app browsing", "engagement", "mobile_app", "existing", "rule_based", None, 3, "Braze"),
    ("Checkout", "purchase", "web", "all", "none", None, 3, "Shopify Plus"),
    ("Mobile app checkout", "purchase", "mobile_app", "existing", "none", None, 2, "Shopify Plus"),
    ("In-store purchase", "purchase", "in_store", "all", "none", None, 4, ""),
    ("Account manager orders", "purchase", "sales_rep", "existing", "individual", None, 4, "Salesforce Sales Cloud"),
    ("Abandoned-cart e-mail", "purchase", "email", "existing", "individual", None, 4, "Klaviyo"),
    ("Order confirmation e-mail", "fulfilment", "email", "all", "none", None, 4, "Shopify Plus;Klaviyo"),
    ("Delivery SMS", "fulfilment", "sms_push", "all", "none", None, 3, "Braze"),
    ("Click and collect", "fulfilment", "in_store", "all", "none", None, 2, "Shopify Plus"),
    ("Help centre", "service", "web", "existing", "none", None, 2, "Zendesk Suite"),
    ("Support chatbot", "service", "chat", "existing", "rule_based", False, 2, "Intercom"),
    ("Customer care line", "service", "call_centre", "existing", "none", True, 3, "Zendesk Suite"),
    ("Replenishment reminders", "service", "email", "existing", "individual", None, 4, "Braze;Segment"),
    ("Returns portal", "service", "web", "existing", "none", None, 2, "Shopify Plus"),
    ("Loyalty programme", "advocacy", "mobile_app", "existing", "rule_based", None, 3, "Smile.io"),
    ("Product reviews", "advocacy", "web", "existing", "none", None, 4, "Yotpo"),
    ("Refer-a-friend", "advocacy", "email", "existing", "none", None, 2, "Smile.io"),
    ("Catalogue mailing", "awareness", "direct_mail", "existing", "none", None, 2, ""),
]

# fmt: on


def seed(*, organisation, users, **_kwargs) -> None:
    seed_taxonomy(organisation=organisation)
    today = timezone.localdate()
    subs = {
        s.key: s
        for s in ToolSubcategory.objects.for_organisation(organisation).select_related("category")
    }
    tools = {}
    for (
        name,
        vendor,
        sub,
        cost,
        seats,
        active,
        renew,
        notice,
        lifecycle,
        status,
        owner,
        sor,
        stages,
    ) in TOOLS:
        subcategory = subs[sub]
        slug, website = PRODUCTS.get(name, ("", ""))
        tool = Tool.objects.filter(organisation=organisation, name__iexact=name).first()
        tools[name] = tool or Tool.objects.create(
            organisation=organisation,
            name=name,
            vendor=vendor,
            website=website,
            catalogue_slug=slug,
            category=subcategory.category,
            subcategory=subcategory,
            annual_cost=Decimal(cost) if cost else None,
            currency="EUR" if cost else "",
            licensed_seats=seats,
            active_users_30d=active,
            renewal_date=today + dt.timedelta(days=renew) if renew else None,
            contract_start=today + dt.timedelta(days=renew - 365) if renew else None,
            notice_period_days=notice,
            auto_renewal=bool(renew and renew % 2),
            lifecycle=lifecycle,
            status=status,
            business_owner=owner,
            owning_team=owner,
            system_of_record=sor,
            stages=[s for s in stages.split(",") if s],
            data_sensitivity="pii" if stages else "internal",
            authentication="sso" if (cost or 0) > 20000 else "other",
            satisfaction=2 + (len(name) % 4),
            plan_tier="Enterprise" if (cost or 0) > 30000 else "Professional",
        )
    objects = {d.key: d for d in DataObject.objects.for_organisation(organisation)}
    reviewer = users.get("reviewer")
    for (
        source,
        target,
        method,
        frequency,
        status,
        direction,
        data,
        criticality,
        review,
    ) in INTEGRATIONS:
        method = "ipaas" if method == "zapier_placeholder" else method
        pair = {"organisation": organisation, "source": tools[source], "target": tools[target]}
        if Integration.objects.filter(**pair).exists():
            continue
        integration = Integration.objects.create(
            **pair,
            method=method,
            frequency=frequency,
            status=status,
            direction=direction,
            criticality=criticality,
            technical_owner="Ivan Integrations" if review != "unreviewed" else "",
            review_state=review,
            reviewed_by=reviewer if review != ReviewState.UNREVIEWED else None,
            reviewed_at=timezone.now() if review != ReviewState.UNREVIEWED else None,
            review_note=(
                "Sync fails since the API change; contacts are copied by hand."
                if review == ReviewState.FLAGGED
                else ""
            ),
        )
        integration.data_objects.set([objects[k] for k in data.split(",")])
    for name, stage, channel, segment, personalisation, handover, ease, powered in TOUCHPOINTS:
        if Touchpoint.objects.filter(organisation=organisation, name__iexact=name).exists():
            continue
        touchpoint = Touchpoint.objects.create(
            organisation=organisation,
            name=name,
            stage=stage,
            channel=channel,
            segment=segment,
            personalisation=personalisation,
            human_handover=handover,
            ease=ease,
            owner="Maya Marketing",
        )
        touchpoint.tools.set([tools[t] for t in powered.split(";") if t])
