from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import Address, User


class AddressInline(admin.TabularInline):
    model = Address
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = (AddressInline,)
    list_display = ("username", "email", "first_name", "last_name", "is_staff", "date_joined")


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ("full_name", "user", "city", "postcode", "country", "is_default")
    list_select_related = ("user",)
    search_fields = ("full_name", "user__username", "user__email", "postcode", "city")
    list_filter = ("country",)
    raw_id_fields = ("user",)
