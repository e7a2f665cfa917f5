"""The menu's context: which entries the user may open, the bell's unread count, the reviewer's waiting count."""

from django.utils.functional import SimpleLazyObject, cached_property


class Navigation:
    """Computed only when the menu renders, and only what it shows (the count: reviewers only)."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def caps(self):
        from accounts.permissions import capabilities

        return capabilities(user=self.user)

    @cached_property
    def unread(self) -> int:
        """The bell's count: 1 query, on every page of a logged-in user."""
        from notifications.selectors import unread_count

        return unread_count(user=self.user)

    @cached_property
    def waiting(self) -> int:
        from evidence.selectors import waiting_for_review_count

        return waiting_for_review_count(user=self.user) if self.caps.review else 0


def navigation(request) -> dict:
    return {"nav": SimpleLazyObject(lambda: Navigation(request.user))}
