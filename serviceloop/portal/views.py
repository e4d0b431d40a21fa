from django.shortcuts import render

from serviceloop.accounts.permissions import customer_required


@customer_required
def home(request):
    # The customer's sites and units arrive with the archive (roadmap step 2).
    return render(request, "portal/home.html")
