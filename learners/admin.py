from django.contrib import admin

from learners.models import Review, ReviewItem


class ReviewInline(admin.TabularInline):
    model = Review
    extra = 0
    fields = ["reviewed", "option", "site", "segment", "correct", "rating", "due_after"]
    readonly_fields = fields
    can_delete = False


@admin.register(ReviewItem)
class ReviewItemAdmin(admin.ModelAdmin):
    list_display = ["learner", "step", "due", "created"]
    list_select_related = ["learner", "step__case"]
    search_fields = ["learner__email", "step__case__slug"]
    readonly_fields = ["learner", "step", "card", "due", "created", "pending_option"]
    inlines = [ReviewInline]
