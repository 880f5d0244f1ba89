# Django's Romanian is already consistent (day first, grouped thousands); nothing differs.
