"""The web system: units fill, departments review, finance re-checks and publishes.

A thin Django shell over `jixiao.services`: it stores forms and their history and decides
who may see what; every score and finding comes from the services.
"""
