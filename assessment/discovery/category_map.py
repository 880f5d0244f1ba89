"""Which Stackscope subcategory a catalogue category stands for.

Every category of the catalogue is decided here, one way or the other: ``SUBCATEGORY``
maps the martech ones to a subcategory key of ``assessment/data/taxonomy.yaml``, ``IGNORED``
lists those a marketing inventory does not track (servers, libraries, fonts, CDNs…). A new
upstream category is in neither, and ``tests/discovery/test_category_map.py`` fails until
someone decides. The mapping's order matters: a technology in several categories takes the
first one listed, so specific categories come before broad ones (A/B testing before
analytics, live chat before CRM).
"""

from __future__ import annotations

from collections.abc import Iterable

#: catalogue category slug → taxonomy subcategory key, most specific first.
SUBCATEGORY: dict[str, str] = {
    # Data
    "tag-managers": "ipaas_integration_tag_management",
    "customer-data-platform": "cdp",
    "segmentation": "dmp",  # Adobe Audience Manager, Oracle BlueKai: audience DMPs
    "cookie-compliance": "governance_compliance_privacy",
    "accessibility": "governance_compliance_privacy",  # overlays sold as compliance
    # Content & experience
    "a-b-testing": "optimisation_personalisation_testing",
    "personalisation": "optimisation_personalisation_testing",
    "seo": "seo",
    "email": "email_marketing",
    "marketing-automation": "marketing_automation",
    "digital-asset-management": "dam_mrm_pim",
    "content-curation": "content_marketing",
    "form-builders": "interactive_content",
    "augmented-reality": "interactive_content",
    "video-players": "video_marketing",
    "livestreaming": "video_marketing",
    "page-builders": "cms_web_experience",
    "blogs": "cms_web_experience",
    "search-engines": "cms_web_experience",  # site search: Algolia, Coveo, Bloomreach
    "translation": "cms_web_experience",  # website translation: Weglot, Smartling
    "cms": "cms_web_experience",
    # Social & relationships
    "live-chat": "live_chat_chatbots",
    "reviews": "community_reviews",
    "comment-systems": "community_reviews",
    "message-boards": "community_reviews",
    "loyalty-rewards": "advocacy_loyalty_referrals",
    "referral-marketing": "advocacy_loyalty_referrals",
    "appointment-scheduling": "events_webinars",
    "ticket-booking": "events_webinars",
    "user-onboarding": "customer_experience_service",  # Appcues, Pendo, WalkMe
    "surveys": "customer_experience_service",  # voice of the customer
    "crm": "crm",
    # Advertising & promotion
    "retargeting": "display_programmatic",
    "advertising": "display_programmatic",
    # Commerce & sales
    "affiliate-programs": "affiliate_marketing",
    "cart-abandonment": "ecommerce_marketing",
    "ecommerce-frontends": "ecommerce_platforms",
    "cross-border-ecommerce": "ecommerce_platforms",
    "buy-now-pay-later": "ecommerce_platforms",
    "payment-processors": "ecommerce_platforms",
    "ecommerce": "ecommerce_platforms",
    # Management
    "feature-management": "product_management",  # LaunchDarkly, Beamer, Featurebase
    "recruitment-staffing": "talent_management",
    "accounting": "budgeting_finance",
    # Broadest last: many tools above also carry "analytics"
    "analytics": "mobile_web_analytics",
}

#: Catalogue categories a marketing inventory does not track (decided, not forgotten).
IGNORED: frozenset[str] = frozenset(
    {
        # infrastructure and operations
        "web-servers", "web-server-extensions", "caching", "cdn", "reverse-proxies",
        "load-balancers", "hosting", "hosting-panels", "paas", "iaas", "containers",
        "operating-systems", "databases", "database-managers", "network-devices",
        "network-storage", "media-servers", "control-systems", "remote-access", "webcams",
        "performance", "rum", "ci", "domain-parking", "ssl-tls-certificate-authorities",
        # web development
        "javascript-frameworks", "javascript-libraries", "javascript-graphics",
        "web-frameworks", "ui-frameworks", "mobile-frameworks", "programming-languages",
        "static-site-generator", "development", "editors", "rich-text-editors",
        "font-scripts", "artificial-intelligence",
        # security
        "security", "authentication", "browser-fingerprinting", "cryptominers",
        # add-ons of another platform (the platform itself is what the inventory lists)
        "wordpress-themes", "wordpress-plugins", "shopify-themes", "shopify-apps",
        "drupal-themes",
        # other business software, or too mixed to map
        "widgets", "miscellaneous", "documentation", "wikis", "issue-trackers", "dms",
        "lms", "webmail", "feed-readers", "photo-galleries", "maps", "geolocation",
        "shipping-carriers", "fulfilment", "returns", "reservations-delivery",
        "fundraising-donations",
    }
)  # fmt: skip


def subcategory_for(categories: Iterable[str]) -> str | None:
    """The subcategory key for a technology's catalogue categories (the most specific
    mapped one), or None when none is martech."""
    present = set(categories)
    for category, subcategory in SUBCATEGORY.items():
        if category in present:
            return subcategory
    return None


def undecided(categories: Iterable[str]) -> list[str]:
    """Catalogue categories neither mapped nor ignored (a new upstream category)."""
    return sorted(c for c in categories if c not in SUBCATEGORY and c not in IGNORED)
