"""Account pages: sign up, sign in and out, profile and saved addresses."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import (
    AccountDeleteForm,
    AddressForm,
    LimitedPasswordChangeForm,
    LoginForm,
    SignUpForm,
)
from .limits import login_address_blocked
from .models import Address, User
from .selectors import account_export, address_get_owned, address_list
from .services import (
    SignupLinkError,
    account_delete,
    address_delete,
    address_save,
    signup_confirm,
    signup_request,
)

BACKEND = "shop.accounts.backends.EmailOrUsernameBackend"


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same answer whether the address has an account or not: a link is e-mailed.
        signup_request(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            domain=request.get_host(),
            protocol="https" if request.is_secure() else "http",
            next_path=_safe_next(request, ""),
        )
        return render(request, "accounts/signup_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request, "")})


def signup_confirmation(request: HttpRequest, token: str) -> HttpResponse:
    """The link of the sign-up e-mail: a button, so a mail scanner that opens links does not
    use it up; pressing it creates the account and signs in."""
    if request.method == "POST":
        try:
            user = signup_confirm(token=token)
        except SignupLinkError as error:
            return render(
                request, "accounts/signup_confirm.html", {"error": error.message}, status=400
            )
        login(request, user, backend=BACKEND)
        messages.success(request, _("Welcome! Your account has been created."))
        return redirect(_safe_next(request, str(reverse_lazy("accounts:profile"))))
    return render(request, "accounts/signup_confirm.html", {"next": _safe_next(request, "")})


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Too many failures from this address, whatever the usernames (shop.accounts.limits).
        if login_address_blocked(request):
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
        return super().post(request, *args, **kwargs)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = LimitedPasswordChangeForm
    success_url = reverse_lazy("accounts:password_change_done")

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)
    return render(request, "accounts/profile.html", {"addresses": address_list(user=request.user)})


@login_required
def address_edit(request: HttpRequest, address_id: int | None = None) -> HttpResponse:
    assert isinstance(request.user, User)
    address = (
        address_get_owned(user=request.user, address_id=address_id)
        if address_id is not None
        else Address(user=request.user)
    )
    form = AddressForm(request.POST or None, instance=address)
    if request.method == "POST" and form.is_valid():
        address_save(
            address=form.save(commit=False), make_default=form.cleaned_data["make_default"]
        )
        messages.success(request, _("Address saved."))
        return redirect(_safe_next(request, str(reverse_lazy("accounts:profile"))))
    return render(
        request,
        "accounts/address_form.html",
        {"form": form, "address": address if address_id else None, "next": _safe_next(request, "")},
    )


@login_required
@require_POST
def address_remove(request: HttpRequest, address_id: int) -> HttpResponse:
    assert isinstance(request.user, User)
    address_delete(address=address_get_owned(user=request.user, address_id=address_id))
    messages.success(request, _("Address deleted."))
    return redirect("accounts:profile")


@login_required
def data_download(request: HttpRequest) -> HttpResponse:
    """Everything the shop holds about the customer, as a JSON file."""
    assert isinstance(request.user, User)
    response = JsonResponse(account_export(user=request.user), json_dumps_params={"indent": 2})
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-shop-data-{stamp}.json"'
    return response


@login_required
def account_remove(request: HttpRequest) -> HttpResponse:
    """Delete the account after the password is confirmed."""
    assert isinstance(request.user, User)
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        account_delete(user=user)
        messages.success(request, _("Your account is deleted. Thank you for shopping with us."))
        return redirect("catalogue:home")
    return render(
        request, "accounts/delete.html", {"form": form}, status=429 if form.throttled else 200
    )
