"""Account pages: sign up, sign in and out, profile and saved addresses."""

from __future__ import annotations

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

from .forms import AccountDeleteForm, AddressForm, LoginForm, SignUpForm
from .models import Address, User
from .selectors import account_export, address_get_owned, address_list
from .services import account_delete, address_delete, address_save, user_create

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
        user = user_create(
            username=form.cleaned_data["username"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
        )
        login(request, user, backend=BACKEND)
        messages.success(request, _("Welcome! Your account has been created."))
        return redirect(_safe_next(request, str(reverse_lazy("accounts:profile"))))
    return render(request, "accounts/signup.html", {"form": form, "next": _safe_next(request, "")})


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


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
    return render(request, "accounts/delete.html", {"form": form})
