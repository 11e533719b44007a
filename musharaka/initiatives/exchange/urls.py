app_name = "initiatives_exchange"

urlpatterns: list = []
