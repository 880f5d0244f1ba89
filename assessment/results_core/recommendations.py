"""What each rule recommends, written in the spirit of the seed articles (shared/seeds/):
use what you already pay for before buying, strategy before tools, start with what the team
controls, own your roadmap, wire the architecture end to end, remember who the customer is,
let automation hand over to a person, and remember most value comes after the first purchase.

Templates are English ``%(name)s`` strings marked for translation (``messages.py``); a
finding stores the template and its parameters, and the reader's language renders it.
"""

from __future__ import annotations

from .messages import Message, Param, gettext_noop

RECOMMENDATIONS: dict[str, str] = {
    "shadow_martech": gettext_noop(
        "Find out who added %(names)s to the website and why. Add what the team uses to the "
        "inventory with an owner, so its cost, its contract and the customer data it "
        "collects are known; remove the tags nobody needs, and ignore the rest here."
    ),
    "paid_tool_missing_from_site": gettext_noop(
        "Ask the owner of %(name)s where it runs: on pages the scan did not reach, in an app, "
        "or nowhere since a redesign. If its tag was removed, the tool is paid for and "
        "unused: cancel it at the next notice date or put it back on the site."
    ),
    "unconfirmed_tool_records": gettext_noop(
        "Ask the owners of %(names)s to check each record - cost, seats, owner, lifecycle, "
        "status and contract dates - and confirm it on the tool's page. Records nobody "
        "answers for drift: a wrong notice date or seat count costs a renewal."
    ),
    "underused_tool": gettext_noop(
        "Use what you already pay for before buying anything new. Ask the owner why only "
        "%(active)s of %(seats)s seats of %(name)s are used: give each team an owner, "
        "training and a usage target to check in 90 days. If usage does not rise, cut the "
        "seats to what is used at the next renewal - or retire the tool if nobody needs it."
    ),
    "overlapping_tools": gettext_noop(
        "%(count)s active tools do the same %(subcategory)s job, which splits customer data "
        "and the team's effort. Start from the goal the capability serves, not from "
        "features: choose the tool that stays (with IT, weighing adoption, integrations and "
        "data), move its users and data over, and retire the others at their renewal dates."
    ),
    "renewal_due": gettext_noop(
        "Review %(name)s before it renews: compare seats with active users, confirm with the "
        "owner that it still serves a goal, and decide - renew, downsize, renegotiate or "
        "cancel - before %(deadline)s. Deciding after the notice date means another year "
        "paid by default."
    ),
    "paid_inactive_tool": gettext_noop(
        "Nobody uses %(name)s, yet it still costs money. Check with IT that no integration "
        "or customer data depends on it, export what must be kept, and cancel it at the "
        "next notice date."
    ),
    "customer_data_silo": gettext_noop(
        "%(name)s holds customer data but exchanges it with no other tool, so the customer "
        "is touched by different teams and applications that do not know each other. "
        "Connect it to the system of record with an automated integration agreed with IT, "
        "so every touchpoint can recognise who the customer is and what they bought."
    ),
    "manual_critical_integration": gettext_noop(
        "Replace the manual hand-off between %(source)s and %(target)s with an automated "
        "connection (native connector, API, iPaaS or CDP) agreed with IT. Until then, "
        "write down who runs it, when, and how errors are caught."
    ),
    "broken_integration": gettext_noop(
        "Restore the integration between %(source)s and %(target)s: name a technical owner, "
        "fix the flow, reconcile the records missed while it was broken, and add "
        "monitoring so the next break is noticed before customers notice it."
    ),
    "flagged_integrations": gettext_noop(
        "IT flagged these integrations. Go through each flag with the technical owner and "
        "either fix the problem or retire the integration; record the decision in the "
        "inventory."
    ),
    "unreviewed_integrations": gettext_noop(
        "Plan the architecture with IT, not around it: ask IT to review each of the "
        "%(count)s unreviewed integrations - method, frequency, data carried, owner - and "
        "mark it verified or flagged. Start with the ones that carry customer data."
    ),
    "stage_without_digital_touchpoint": gettext_noop(
        "Find out with sales, service and customers what they need at the %(stage)s stage "
        "and give them at least one easy digital way to get it. The journey is a loop, "
        "not a line, and customers move between channels unpredictably: seed every stage "
        "across channels."
    ),
    "no_retention_personalisation": gettext_noop(
        # xgettext:no-python-format
        "Around 90% of a customer's lifetime value comes after the first purchase. Use "
        "purchase and service history to personalise at least one service or loyalty "
        "touchpoint for existing customers: relevant offers and calls to action, and an "
        "online place to get service or ask for a sales or service person."
    ),
    "chatbot_without_handover": gettext_noop(
        "Let %(name)s hand the customer over to a live person, with the conversation so "
        "far. Automation must be driven by the customer, not forced on them: it should ask "
        "the right questions and lead to a service specialist when needed."
    ),
    "no_unified_profile": gettext_noop(
        "Designate one system of record for the customer profile (usually the CRM or a "
        "CDP), mark it in the tool inventory and synchronise the main tools with it. If "
        "the experience cannot remember who the customer is, what they bought and what "
        "service they received, the relationship will not feel natural."
    ),
    "vendor_driven_roadmap": gettext_noop(
        "Do not let a vendor or a niche consultant drive your roadmap: your organisation "
        "must set its martech path. Write the roadmap from your own goals with IT, build "
        "the in-house expertise to make the right purchases, and use vendors and "
        "consultants as advisers rather than authors."
    ),
    "weak_heavy_answers": gettext_noop(
        "This question weighs heavily in the step. Agree with the team what the next "
        "level looks like and put the first concrete step on the roadmap."
    ),
}


def recommendation(rule: str, **params: Param) -> Message:
    """The rule's recommendation with its parameters (rendered in the reader's language)."""
    return Message.of(RECOMMENDATIONS[rule], **params)
