"""A student playing cases, for locust (bench/load.py runs it): the case list, a case at random,
then each step answered as a browser with htmx would (a first answer, right or wrong, then the
right one if it was wrong), and finishing. Each answer the server acknowledges (200) is counted,
to check afterwards that the database holds every one, once."""

import random
import re

from locust import HttpUser, between, events, task

OPTION = re.compile(r'name="option" value="([^"]+)"')
SITE = re.compile(r'<option value="([^"]+)"')  # an open site step's list of the pathway's sites
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CASE = re.compile(r'href="/cases/([a-z0-9-]+)/"')
STEP = re.compile(r'id="step-(\d+)"')
acknowledged = {"answers": 0, "sent": 0}


@events.quitting.add_listener
def report(environment, **kwargs):
    with open(environment.parsed_options.acknowledged_file, "w") as out:
        out.write(f"{acknowledged['answers']} {acknowledged['sent']}")


@events.init_command_line_parser.add_listener
def options(parser):
    parser.add_argument("--acknowledged-file", default="acknowledged.txt")


class Student(HttpUser):
    wait_time = between(1, 3)  # reading the feedback

    def on_start(self):
        page = self.client.get("/cases/", name="GET /cases/").text
        self.cases = sorted(set(CASE.findall(page))) or ["a-foot-that-slaps-on-the-floor"]

    @task
    def play_a_case(self):
        slug = random.choice(self.cases)
        page = self.client.get(f"/cases/{slug}/", name="GET a case page").text
        token = TOKEN.search(page)
        if not token:
            return
        headers = {"X-CSRFToken": token.group(1), "HX-Request": "true", "Referer": self.host + f"/cases/{slug}/"}
        html, number = page, 1
        while True:
            fragment = html.split(f'id="step-{number}"', 1)
            step = fragment[1].split('class="step-panel"', 1)[0] if len(fragment) > 1 else ""
            field, keys = "option", OPTION.findall(step)
            if not keys and 'name="site"' in step:
                field, keys = "site", SITE.findall(step)  # an open step: any site of the pathway
            if not keys:
                break
            for key in random.sample(keys, k=min(2, len(keys))):
                acknowledged["sent"] += 1
                with self.client.post(
                    f"/cases/{slug}/steps/{number}/", {field: key}, headers=headers,
                    name="POST an answer (htmx)", catch_response=True,
                ) as response:  # fmt: skip
                    if response.status_code == 200:
                        acknowledged["answers"] += 1
                        response.success()
                        html = response.text
                        if "feedback is-right" in html:
                            break
                    elif response.status_code == 409:
                        response.success()  # already answered right (a retry refused): not recorded
                        break
                    else:
                        response.failure(f"status {response.status_code}")
                        return
            number += 1
            if f'id="step-{number}"' not in html:
                html = self.client.get(f"/cases/{slug}/", name="GET a case page").text
                if f'id="step-{number}"' not in html:
                    break
        self.client.post(f"/cases/{slug}/finish/", headers=headers, name="POST finish", allow_redirects=False)
        self.client.post(f"/cases/{slug}/restart/", headers=headers, name="POST play again", allow_redirects=False)
